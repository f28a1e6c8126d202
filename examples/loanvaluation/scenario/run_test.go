package scenario_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

// logWriter sends progress lines to the test log.
type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// want is what each scenario must lead to, as issue 5 describes it.
var want = map[string]scenario.Outcome{
	"normal": {Status: "SUCCEEDED", Callbacks: []string{"200 succeeded"}},
	"no-callback": {Status: "FAILED", Error: "ValuationTimedOut",
		Notices: []string{"timeout"}},
	"late": {Status: "FAILED", Error: "ValuationTimedOut",
		Callbacks: []string{"410 late"}, Notices: []string{"late", "timeout"}},
	"redelivered": {Status: "SUCCEEDED",
		Callbacks: []string{"200 succeeded", "200 succeeded (replayed)"},
		Notices:   nil},
	"duplicate": {Status: "SUCCEEDED",
		Callbacks: []string{"200 succeeded", "409 duplicate"}, Notices: []string{"duplicate"}},
	"failed": {Status: "FAILED", Error: "ValuationFailed",
		Callbacks: []string{"200 failed"}, Notices: []string{"valuation_failed"}},
	"oversized": {Status: "FAILED", Error: "ValuationError",
		Callbacks: []string{"413 output_refused"},
		Notices:   []string{"invalid_output", "valuation_error"}},
	"forged": {Status: "SUCCEEDED",
		Callbacks: []string{"401 unauthorized", "200 succeeded"}},
	"unknown-reference": {Status: "FAILED", Error: "ValuationTimedOut",
		Callbacks: []string{"404 unknown_reference"},
		Notices:   []string{"timeout", "unknown_reference"}},
}

func TestRunPlaysEveryScenario(t *testing.T) {
	cfg := enginetest.Config(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// A build folder of its own: a run beside the test may be executing
	// the handlers in ../.build, which Linux refuses to overwrite.
	var procs []*lambdarun.Process
	handlerOutput := &lambdarun.LogBuffer{}
	results, err := scenario.Run(ctx, scenario.Config{
		AWS: cfg, Dir: "..", BuildDir: t.TempDir(), Log: logWriter{t},
		HandlerOutput: handlerOutput,
		Started:       func(p *lambdarun.Process) { procs = append(procs, p) },
	})
	require.NoError(t, err)
	assertProbeAnnounced(t, handlerOutput.String())

	require.Len(t, results, len(want))
	for _, r := range results {
		t.Run(r.Scenario.Name, func(t *testing.T) {
			assert.Empty(t, r.Problem)
			assert.Equal(t, want[r.Scenario.Name], r.Got)
			assert.True(t, r.OK())
		})
	}
	assert.Empty(t, results.Failed())
	assertRemoved(t, cfg, runSuffix(t, results[0].ExecutionARN))
	assertExited(t, procs, 3*scenario.DefaultInstances)
}

// assertProbeAnnounced checks that the handler output opens with a line
// saying the readiness probe's errors are expected, before the first of
// them (RequestValuation refusing the probe's empty event).
func assertProbeAnnounced(t *testing.T, output string) {
	t.Helper()
	first, rest, _ := strings.Cut(output, "\n")
	assert.True(t, strings.HasPrefix(first, "probing each function"), first)
	assert.Contains(t, first, "are expected")
	assert.Contains(t, rest, `requestvaluation: sfnctx: decode event`, "the probe's error follows")
}

// runSuffix returns the suffix of the run's names, read from an execution
// ARN (…:execution:LoanValuation-<suffix>:<execution name>).
func runSuffix(t *testing.T, executionARN string) string {
	t.Helper()
	a, err := arn.Parse(executionARN)
	require.NoError(t, err)
	parts := strings.Split(a.Resource, ":")
	require.Len(t, parts, 3)
	machine, ok := strings.CutPrefix(parts[1], "LoanValuation-")
	require.True(t, ok, parts[1])
	return machine
}

// assertRemoved checks that nothing named with the run's suffix is left:
// no state machine, function, table, topic, subscription or queue.
func assertRemoved(t *testing.T, cfg aws.Config, suffix string) {
	t.Helper()
	for _, name := range engineNames(t, cfg) {
		assert.NotContains(t, name, suffix)
	}
}

// assertExited checks that the run started n handler processes and that
// every one has ended.
func assertExited(t *testing.T, procs []*lambdarun.Process, n int) {
	t.Helper()
	assert.Len(t, procs, n)
	for _, p := range procs {
		select {
		case <-p.Exited():
		default:
			t.Errorf("handler process %d of %s still runs", p.PID(), p.Name())
		}
	}
}

// engineNames lists the names and ARNs of what the engine holds: state
// machines, functions, tables, topics, subscriptions (with their topics and
// endpoints) and queues.
func engineNames(t *testing.T, cfg aws.Config) []string {
	t.Helper()
	snsClient := sns.NewFromConfig(cfg)
	return slices.Concat(
		listAll(t, sfn.NewListStateMachinesPaginator(sfn.NewFromConfig(cfg),
			&sfn.ListStateMachinesInput{}), func(o *sfn.ListStateMachinesOutput) (n []string) {
			for _, m := range o.StateMachines {
				n = append(n, aws.ToString(m.Name))
			}
			return n
		}),
		listAll(t, lambda.NewListFunctionsPaginator(lambda.NewFromConfig(cfg),
			&lambda.ListFunctionsInput{}), func(o *lambda.ListFunctionsOutput) (n []string) {
			for _, f := range o.Functions {
				n = append(n, aws.ToString(f.FunctionName))
			}
			return n
		}),
		listAll(t, dynamodb.NewListTablesPaginator(dynamodb.NewFromConfig(cfg),
			&dynamodb.ListTablesInput{}), func(o *dynamodb.ListTablesOutput) []string {
			return o.TableNames
		}),
		listAll(t, sns.NewListTopicsPaginator(snsClient, &sns.ListTopicsInput{}),
			func(o *sns.ListTopicsOutput) (n []string) {
				for _, topic := range o.Topics {
					n = append(n, aws.ToString(topic.TopicArn))
				}
				return n
			}),
		listAll(t, sns.NewListSubscriptionsPaginator(snsClient, &sns.ListSubscriptionsInput{}),
			func(o *sns.ListSubscriptionsOutput) (n []string) {
				for _, s := range o.Subscriptions {
					n = append(n, aws.ToString(s.SubscriptionArn), aws.ToString(s.TopicArn),
						aws.ToString(s.Endpoint))
				}
				return n
			}),
		listAll(t, sqs.NewListQueuesPaginator(sqs.NewFromConfig(cfg), &sqs.ListQueuesInput{}),
			func(o *sqs.ListQueuesOutput) []string { return o.QueueUrls }),
	)
}

// pager is an SDK paginator: Out is a page, Opt the client's options.
type pager[Out, Opt any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, optFns ...func(*Opt)) (Out, error)
}

// listAll reads every page of p and returns the names each holds.
func listAll[Out, Opt any](t *testing.T, p pager[Out, Opt], names func(Out) []string) []string {
	t.Helper()
	var all []string
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		require.NoError(t, err)
		all = append(all, names(page)...)
	}
	return all
}
