package sfnctx_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/sfnctx"
)

func TestParseExecutionARN(t *testing.T) {
	tests := []struct {
		arn  string
		want sfnctx.ExecutionARN
	}{
		{"arn:aws:states:eu-west-1:123456789012:execution:loan-valuation:run-42",
			sfnctx.ExecutionARN{Partition: "aws", Region: "eu-west-1", AccountID: "123456789012",
				StateMachineName: "loan-valuation", Name: "run-42"}},
		{"arn:aws:states:us-east-1:123456789012:express:orders:run-7:9f1c2d3e-aaaa-bbbb",
			sfnctx.ExecutionARN{Partition: "aws", Region: "us-east-1", AccountID: "123456789012",
				StateMachineName: "orders", Name: "run-7", Express: true, RunID: "9f1c2d3e-aaaa-bbbb"}},
		{"arn:aws-cn:states:cn-north-1:123456789012:execution:sm:e",
			sfnctx.ExecutionARN{Partition: "aws-cn", Region: "cn-north-1", AccountID: "123456789012",
				StateMachineName: "sm", Name: "e"}},
		{"arn:aws:states:us-east-1:123456789012:execution:parent/map-run:child-1",
			sfnctx.ExecutionARN{Partition: "aws", Region: "us-east-1", AccountID: "123456789012",
				StateMachineName: "parent/map-run", Name: "child-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			got, err := sfnctx.ParseExecutionARN(tt.arn)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.arn, got.String())
		})
	}
}

func TestExecutionStateMachine(t *testing.T) {
	x, err := sfnctx.ParseExecutionARN(
		"arn:aws:states:us-east-1:123456789012:execution:parent/map-run:child-1")
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:states:us-east-1:123456789012:stateMachine:parent",
		x.StateMachine().String())
}

func TestParseStateMachineARN(t *testing.T) {
	tests := []struct {
		arn  string
		want sfnctx.StateMachineARN
	}{
		{"arn:aws:states:eu-west-1:123456789012:stateMachine:loan-valuation",
			sfnctx.StateMachineARN{Partition: "aws", Region: "eu-west-1",
				AccountID: "123456789012", Name: "loan-valuation"}},
		{"arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:sm:3",
			sfnctx.StateMachineARN{Partition: "aws-us-gov", Region: "us-gov-west-1",
				AccountID: "123456789012", Name: "sm", Qualifier: "3"}},
		{"arn:aws:states:eu-west-1:123456789012:stateMachine:sm:prod",
			sfnctx.StateMachineARN{Partition: "aws", Region: "eu-west-1",
				AccountID: "123456789012", Name: "sm", Qualifier: "prod"}},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			got, err := sfnctx.ParseStateMachineARN(tt.arn)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.arn, got.String())
		})
	}
}

func TestParseARNErrors(t *testing.T) {
	bad := []string{
		"",
		"not an arn",
		"arn:aws:states",
		"arn:aws:lambda:eu-west-1:123456789012:function:f",
		"arn:aws:states:eu-west-1:123456789012:stateMachine:sm", // not an execution
		"arn:aws:states:eu-west-1:123456789012:execution:sm",
		"arn:aws:states:eu-west-1:123456789012:execution:sm:",
		"arn:aws:states:eu-west-1:123456789012:execution::e",
		"arn:aws:states:eu-west-1:123456789012:execution:sm:e:extra",
		"arn:aws:states::123456789012:execution:sm:e",
		"arn:aws:states:eu-west-1::execution:sm:e",
		"arn:aws:states:eu-west-1/x:123456789012:execution:sm:e",
		"arn:aws:states:eu-west-1:123456789012:execution:sm:e#frag",
		"arn:aws:states:eu-west-1:123456789012:execution:sm:e f",
		"arn:aws:states:eu-west-1:123456789012:express:sm:e:id:more",
	}
	for _, s := range bad {
		t.Run(s, func(t *testing.T) {
			_, err := sfnctx.ParseExecutionARN(s)
			require.ErrorIs(t, err, sfnctx.ErrInvalidARN)
			var e *sfnctx.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, s, e.ARN)
			assert.Regexp(t, `^sfnctx: parse execution arn: invalid ARN`, err.Error())
		})
	}
	for _, s := range []string{"arn:aws:states:eu-west-1:123456789012:execution:sm:e",
		"arn:aws:states:eu-west-1:123456789012:stateMachine:", "arn:aws:states:r:1:stateMachine:a:b:c"} {
		_, err := sfnctx.ParseStateMachineARN(s)
		assert.ErrorIs(t, err, sfnctx.ErrInvalidARN, s)
	}
}

func TestExecutionConsoleURL(t *testing.T) {
	tests := []struct {
		arn  string
		want string
	}{
		{"arn:aws:states:eu-west-1:123456789012:execution:sm:e",
			"https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1" +
				"#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:sm:e"},
		{"arn:aws-cn:states:cn-northwest-1:123456789012:execution:sm:e",
			"https://cn-northwest-1.console.amazonaws.cn/states/home?region=cn-northwest-1" +
				"#/v2/executions/details/arn:aws-cn:states:cn-northwest-1:123456789012:execution:sm:e"},
		{"arn:aws-us-gov:states:us-gov-east-1:123456789012:execution:sm:e",
			"https://us-gov-east-1.console.amazonaws-us-gov.com/states/home?region=us-gov-east-1" +
				"#/v2/executions/details/arn:aws-us-gov:states:us-gov-east-1:123456789012:execution:sm:e"},
		{"arn:aws:states:us-east-1:123456789012:express:sm:e:id",
			"https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1" +
				"#/express-executions/details/arn:aws:states:us-east-1:123456789012:express:sm:e:id"},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			got, err := sfnctx.ExecutionConsoleURL(tt.arn)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestExpressConsoleURLStartDate(t *testing.T) {
	x, err := sfnctx.ParseExecutionARN("arn:aws:states:us-east-1:123456789012:express:sm:e:id")
	require.NoError(t, err)
	start := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	got, err := x.ConsoleURL(start)
	require.NoError(t, err)
	assert.Equal(t, "https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1"+
		"#/express-executions/details/arn:aws:states:us-east-1:123456789012:express:sm:e:id"+
		"?startDate=1777888800000", got)
}

func TestConsoleURLUnknownPartition(t *testing.T) {
	_, err := sfnctx.ExecutionConsoleURL(
		"arn:aws-iso:states:us-iso-east-1:123456789012:execution:sm:e")
	require.ErrorIs(t, err, sfnctx.ErrInvalidARN)
	assert.Contains(t, err.Error(), "aws-iso")
	_, err = sfnctx.ExecutionConsoleURL("bogus")
	require.ErrorIs(t, err, sfnctx.ErrInvalidARN)
}

func TestStateMachineConsoleURL(t *testing.T) {
	m, err := sfnctx.ParseStateMachineARN("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:sm")
	require.NoError(t, err)
	got, err := m.ConsoleURL()
	require.NoError(t, err)
	assert.Equal(t, "https://cn-north-1.console.amazonaws.cn/states/home?region=cn-north-1"+
		"#/statemachines/view/arn:aws-cn:states:cn-north-1:123456789012:stateMachine:sm", got)
}

// A task token passed where an ARN was expected must not reach the error
// text: only text that looks like an ARN is quoted.
func TestARNErrorNeverQuotesAToken(t *testing.T) {
	const token = "AQCEAAAAKgAAAAMAAAAAAAAAAb3Yq-secret/+=="
	_, err := sfnctx.ParseExecutionARN(token)
	require.ErrorIs(t, err, sfnctx.ErrInvalidARN)
	assert.NotContains(t, err.Error(), "AQCEAAAA")
	assert.Contains(t, err.Error(), "not an ARN")
	_, err = sfnctx.ParseStateMachineARN(token)
	require.ErrorIs(t, err, sfnctx.ErrInvalidARN)
	assert.NotContains(t, err.Error(), "AQCEAAAA")
	_, err = sfnctx.ExecutionConsoleURL(" " + token)
	require.ErrorIs(t, err, sfnctx.ErrInvalidARN)
	assert.NotContains(t, err.Error(), "AQCEAAAA")

	_, err = sfnctx.ParseExecutionARN("arn:aws:lambda:eu-west-1:123456789012:function:f")
	assert.Contains(t, err.Error(), `"arn:aws:lambda:eu-west-1:123456789012:function:f"`)
}
