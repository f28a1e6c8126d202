package scenario_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
	"github.com/tasktoken/tasktoken/internal/enginetest"
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
	results, err := scenario.Run(ctx, scenario.Config{
		AWS: cfg, Dir: "..", BuildDir: t.TempDir(), Log: logWriter{t},
	})
	require.NoError(t, err)

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

// assertRemoved checks that nothing named with the run's suffix is left.
func assertRemoved(t *testing.T, cfg aws.Config, suffix string) {
	t.Helper()
	ctx := context.Background()
	machines, err := sfn.NewFromConfig(cfg).ListStateMachines(ctx, &sfn.ListStateMachinesInput{})
	require.NoError(t, err)
	for _, m := range machines.StateMachines {
		assert.NotContains(t, aws.ToString(m.Name), suffix)
	}
	functions, err := lambda.NewFromConfig(cfg).ListFunctions(ctx, &lambda.ListFunctionsInput{})
	require.NoError(t, err)
	for _, f := range functions.Functions {
		assert.NotContains(t, aws.ToString(f.FunctionName), suffix)
	}
	tables, err := dynamodb.NewFromConfig(cfg).ListTables(ctx, &dynamodb.ListTablesInput{})
	require.NoError(t, err)
	for _, name := range tables.TableNames {
		assert.NotContains(t, name, suffix)
	}
}
