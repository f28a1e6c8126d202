package sfnctx

import (
	"strconv"
	"time"
)

// consoleHosts maps a partition to the host name of its AWS Management
// Console, which is prefixed with the region.
var consoleHosts = map[string]string{
	"aws":        "console.aws.amazon.com",
	"aws-cn":     "console.amazonaws.cn",
	"aws-us-gov": "console.amazonaws-us-gov.com",
}

// ConsoleURL returns a link to the execution's page in the Step Functions
// console of its partition (aws, aws-cn or aws-us-gov):
//
//	https://<region>.<console host>/states/home?region=<region>#/v2/executions/details/<arn>
//
// An Express execution has a page of its own,
//
//	https://<region>.<console host>/states/home?region=<region>#/express-executions/details/<arn>
//
// which finds the execution by its start time, so start is added to the link
// (as ?startDate= in epoch milliseconds) unless it is zero; standard
// executions ignore start. Errors match
// [ErrInvalidARN] when the partition has no known console.
func (x ExecutionARN) ConsoleURL(start time.Time) (string, error) {
	home, err := consoleHome(x.Partition, x.Region, x.String())
	if err != nil {
		return "", err
	}
	if !x.Express {
		return home + "#/v2/executions/details/" + x.String(), nil
	}
	link := home + "#/express-executions/details/" + x.String()
	if !start.IsZero() {
		link += "?startDate=" + strconv.FormatInt(start.UnixMilli(), 10)
	}
	return link, nil
}

// ConsoleURL returns a link to the state machine's page in the Step
// Functions console of its partition. Errors match [ErrInvalidARN] when the
// partition has no known console.
func (m StateMachineARN) ConsoleURL() (string, error) {
	home, err := consoleHome(m.Partition, m.Region, m.String())
	if err != nil {
		return "", err
	}
	return home + "#/statemachines/view/" + m.String(), nil
}

// ExecutionConsoleURL parses executionARN and returns its console link, as
// [ExecutionARN.ConsoleURL] with a zero start time.
func ExecutionConsoleURL(executionARN string) (string, error) {
	x, err := ParseExecutionARN(executionARN)
	if err != nil {
		return "", err
	}
	return x.ConsoleURL(time.Time{})
}

func consoleHome(partition, region, s string) (string, error) {
	host, ok := consoleHosts[partition]
	if !ok {
		return "", arnError("console url", s, "no known console for partition "+partition)
	}
	return "https://" + region + "." + host + "/states/home?region=" + region, nil
}
