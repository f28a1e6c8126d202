package lambdawrap_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback/internal/kumotask"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

// TestIntegrationTaskWorker runs the wrapped handler of
// internal/testhandler as a local process under the engine's Lambda Runtime
// API, invoked by a state using lambda:invoke.waitForTaskToken: the
// execution ends with the handler's output, or with its error code.
func TestIntegrationTaskWorker(t *testing.T) {
	cfg := enginetest.Config(t)
	ctx := context.Background()
	function := enginetest.Name("lambdawrap")
	lambdaClient := lambda.NewFromConfig(cfg)
	createFunction(t, lambdaClient, function)
	process, output := startTestHandler(t, function)
	probe, err := lambdarun.WaitInvokable(ctx, lambdaClient, function, process)
	require.NoError(t, err, "handler output:\n%s", output)
	// The probe is an event without a token (K10): the invocation fails
	// with an error naming the field, before the handler runs.
	require.NotNil(t, probe.FunctionError)
	assert.Contains(t, string(probe.Payload), `missing task token: field \"taskToken\"`)
	sfnClient := sfn.NewFromConfig(cfg)
	machine := createMachine(t, sfnClient, function)

	cases := []struct {
		name   string
		input  string
		status sfntypes.ExecutionStatus
		output string
		error  string
		cause  string
	}{
		{name: "success", input: `{"value":21}`, status: sfntypes.ExecutionStatusSucceeded,
			output: `{"doubled":42,"function":"` + function + `","tokenInContext":true}`},
		{name: "failure with the handler's code", input: `{"fail":"ValuationRefused"}`,
			status: sfntypes.ExecutionStatusFailed, error: "ValuationRefused",
			cause: "asked to fail"},
		{name: "panic", input: `{"panic":true}`, status: sfntypes.ExecutionStatusFailed,
			error: lambdawrap.PanicErrorCode, cause: "panic: asked to panic"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := sfnClient.StartExecution(ctx, &sfn.StartExecutionInput{
				StateMachineArn: aws.String(machine), Input: aws.String(tc.input)})
			require.NoError(t, err)
			exec := kumotask.Wait(t, sfnClient, aws.ToString(out.ExecutionArn))
			require.Equal(t, tc.status, exec.Status, "error %s: %s\nhandler output:\n%s",
				aws.ToString(exec.Error), aws.ToString(exec.Cause), output)
			if tc.output != "" {
				assert.JSONEq(t, tc.output, aws.ToString(exec.Output))
			}
			assert.Equal(t, tc.error, aws.ToString(exec.Error))
			assert.Contains(t, aws.ToString(exec.Cause), tc.cause)
		})
	}
}

// startTestHandler builds internal/testhandler and runs it as function.
// The returned buffer collects the process's output.
func startTestHandler(t *testing.T, function string) (*lambdarun.Process,
	*lambdarun.LogBuffer) {
	t.Helper()
	ctx := context.Background()
	bins, err := lambdarun.Build(ctx, ".", t.TempDir(), "./internal/testhandler")
	require.NoError(t, err)
	output := &lambdarun.LogBuffer{}
	p, err := lambdarun.Start(ctx, lambdarun.Function{Name: function,
		Binary: bins["testhandler"], Endpoint: enginetest.Endpoint(t), Output: output})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Stop() })
	return p, output
}

// createFunction creates function on the engine. The engine needs a
// deployment package but never runs it: the handler runs as a local process.
func createFunction(t *testing.T, client *lambda.Client, function string) {
	t.Helper()
	zipped, err := lambdarun.PlaceholderZip()
	require.NoError(t, err)
	_, err = client.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
		FunctionName: aws.String(function),
		Runtime:      lambdatypes.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Role:         aws.String("arn:aws:iam::000000000000:role/" + function),
		Code:         &lambdatypes.FunctionCode{ZipFile: zipped},
		Timeout:      aws.Int32(10),
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = client.DeleteFunction(context.Background(),
			&lambda.DeleteFunctionInput{FunctionName: aws.String(function)})
	})
}

// createMachine creates a state machine whose one state invokes function
// with lambda:invoke.waitForTaskToken, passing the token (the engine's
// context object has only Task.Token) and the state input.
func createMachine(t *testing.T, client *sfn.Client, function string) string {
	t.Helper()
	def, err := json.Marshal(map[string]any{
		"StartAt": "Double",
		"States": map[string]any{"Double": map[string]any{
			"Type":     "Task",
			"Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
			"Parameters": map[string]any{
				"FunctionName": function,
				"Payload": map[string]any{
					lambdawrap.DefaultTokenField + ".$": "$$.Task.Token",
					"input.$":                           "$",
				},
			},
			"TimeoutSeconds": 30,
			"End":            true,
		}},
	})
	require.NoError(t, err)
	name := enginetest.Name("lambdawrap")
	out, err := client.CreateStateMachine(context.Background(), &sfn.CreateStateMachineInput{
		Name: aws.String(name), Definition: aws.String(string(def)),
		RoleArn: aws.String("arn:aws:iam::000000000000:role/" + name)})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = client.DeleteStateMachine(context.Background(),
			&sfn.DeleteStateMachineInput{StateMachineArn: out.StateMachineArn})
	})
	return aws.ToString(out.StateMachineArn)
}
