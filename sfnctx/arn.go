package sfnctx

import (
	"errors"
	"strings"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// ExecutionARN is a parsed Step Functions execution ARN:
//
//	arn:<partition>:states:<region>:<account>:execution:<state machine>:<name>
//	arn:<partition>:states:<region>:<account>:express:<state machine>:<name>:<run id>
//
// The child executions of a Distributed Map have a state machine part of
// the form "<state machine>/<map run label>".
type ExecutionARN struct {
	Partition        string
	Region           string
	AccountID        string
	StateMachineName string
	// Name is the execution name.
	Name string
	// Express is true for an Express workflow execution.
	Express bool
	// RunID is the last part of an Express execution ARN; empty otherwise.
	RunID string
}

// StateMachineARN is a parsed Step Functions state machine ARN:
//
//	arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<qualifier>]
//
// where the qualifier, if any, is a version number or an alias name.
type StateMachineARN struct {
	Partition string
	Region    string
	AccountID string
	Name      string
	Qualifier string
}

// ParseExecutionARN parses a standard or Express execution ARN with the
// SDK's ARN parser. Errors match [ErrInvalidARN].
func ParseExecutionARN(s string) (ExecutionARN, error) {
	a, parts, err := parseStates("parse execution arn", s)
	if err != nil {
		return ExecutionARN{}, err
	}
	x := ExecutionARN{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID}
	switch {
	case parts[0] == "execution" && len(parts) == 3:
		x.StateMachineName, x.Name = parts[1], parts[2]
	case parts[0] == "express" && (len(parts) == 3 || len(parts) == 4):
		x.Express = true
		x.StateMachineName, x.Name = parts[1], parts[2]
		if len(parts) == 4 {
			x.RunID = parts[3]
		}
	default:
		return ExecutionARN{}, arnError("parse execution arn", s, "not an execution")
	}
	if hasEmpty(parts) {
		return ExecutionARN{}, arnError("parse execution arn", s, "empty name")
	}
	return x, nil
}

// ParseStateMachineARN parses a state machine ARN, with or without a
// version or alias qualifier. Errors match [ErrInvalidARN].
func ParseStateMachineARN(s string) (StateMachineARN, error) {
	const op = "parse state machine arn"
	a, parts, err := parseStates(op, s)
	if err != nil {
		return StateMachineARN{}, err
	}
	if parts[0] != "stateMachine" || len(parts) < 2 || len(parts) > 3 || hasEmpty(parts) {
		return StateMachineARN{}, arnError(op, s, "not a state machine")
	}
	m := StateMachineARN{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID,
		Name: parts[1]}
	if len(parts) == 3 {
		m.Qualifier = parts[2]
	}
	return m, nil
}

// String returns the ARN in its text form.
func (x ExecutionARN) String() string {
	parts := []string{"execution", x.StateMachineName, x.Name}
	if x.Express {
		parts[0] = "express"
		if x.RunID != "" {
			parts = append(parts, x.RunID)
		}
	}
	return statesARN(x.Partition, x.Region, x.AccountID, parts)
}

// StateMachine returns the ARN of the state machine the execution belongs
// to (for a Distributed Map child execution, the parent's state machine).
func (x ExecutionARN) StateMachine() StateMachineARN {
	name, _, _ := strings.Cut(x.StateMachineName, "/")
	return StateMachineARN{Partition: x.Partition, Region: x.Region, AccountID: x.AccountID,
		Name: name}
}

// String returns the ARN in its text form.
func (m StateMachineARN) String() string {
	parts := []string{"stateMachine", m.Name}
	if m.Qualifier != "" {
		parts = append(parts, m.Qualifier)
	}
	return statesARN(m.Partition, m.Region, m.AccountID, parts)
}

// parseStates parses s as an ARN of the states service and splits its
// resource on ':'.
func parseStates(op, s string) (arn.ARN, []string, error) {
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 || strings.ContainsAny(s, "#%?") {
		return arn.ARN{}, nil, arnError(op, s, "unexpected character")
	}
	a, err := arn.Parse(s)
	if err != nil {
		return arn.ARN{}, nil, &Error{Op: op, ARN: s, Kind: ErrInvalidARN, Cause: err}
	}
	if a.Service != "states" || !isWord(a.Partition, "-") || !isWord(a.Region, "-") ||
		!isWord(a.AccountID, "") {
		return arn.ARN{}, nil, arnError(op, s, "not a Step Functions ARN")
	}
	return a, splitResource(a.Resource), nil
}

// isWord reports whether s is non-empty and holds only lowercase ASCII
// letters, digits and the characters in extra.
func isWord(s, extra string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)
		if !ok {
			return false
		}
	}
	return true
}

func statesARN(partition, region, account string, parts []string) string {
	return arn.ARN{Partition: partition, Service: "states", Region: region, AccountID: account,
		Resource: strings.Join(parts, ":")}.String()
}

func splitResource(resource string) []string { return strings.Split(resource, ":") }

func hasEmpty(parts []string) bool {
	for _, p := range parts {
		if p == "" {
			return true
		}
	}
	return false
}

func arnError(op, s, why string) error {
	return &Error{Op: op, ARN: s, Kind: ErrInvalidARN, Cause: errors.New(why)}
}
