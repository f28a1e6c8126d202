package sfnctx_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/sfnctx"
)

func TestLambdaFromContext(t *testing.T) {
	t.Setenv(sfnctx.EnvFunctionName, "valuation-request")
	t.Setenv(sfnctx.EnvFunctionVersion, "$LATEST")
	t.Setenv(sfnctx.EnvLogGroup, "/aws/lambda/valuation-request")
	t.Setenv(sfnctx.EnvLogStream, "2026/05/04/[$LATEST]abc")
	deadline := time.Date(2026, 5, 4, 10, 0, 30, 0, time.UTC)
	ctx, cancel := context.WithDeadline(t.Context(), deadline)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{
		AwsRequestID:       "req-1",
		InvokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:valuation-request:live",
	})

	l, ok := sfnctx.LambdaFromContext(ctx)
	require.True(t, ok)
	assert.Equal(t, sfnctx.Lambda{
		FunctionARN:     "arn:aws:lambda:eu-west-1:123456789012:function:valuation-request:live",
		RequestID:       "req-1",
		FunctionName:    "valuation-request",
		FunctionVersion: "$LATEST",
		LogGroup:        "/aws/lambda/valuation-request",
		LogStream:       "2026/05/04/[$LATEST]abc",
		Deadline:        deadline,
	}, l)
}

func TestLambdaFromContextOutsideLambda(t *testing.T) {
	for _, env := range []string{sfnctx.EnvFunctionName, sfnctx.EnvFunctionVersion,
		sfnctx.EnvLogGroup, sfnctx.EnvLogStream} {
		t.Setenv(env, "")
	}
	l, ok := sfnctx.LambdaFromContext(t.Context())
	assert.False(t, ok)
	assert.Empty(t, l.FunctionARN)
	assert.Empty(t, l.RequestID)
	assert.True(t, l.Deadline.IsZero())
}

func TestLambdaFunctionNameFromARN(t *testing.T) {
	t.Setenv(sfnctx.EnvFunctionName, "")
	ctx := lambdacontext.NewContext(t.Context(), &lambdacontext.LambdaContext{
		InvokedFunctionArn: "arn:aws:lambda:local:000000000000:function:kumo-fn",
	})
	l, ok := sfnctx.LambdaFromContext(ctx)
	require.True(t, ok)
	assert.Equal(t, "kumo-fn", l.FunctionName)
}

func TestLambdaRemainingTime(t *testing.T) {
	deadline := time.Date(2026, 5, 4, 10, 0, 30, 0, time.UTC)
	tests := []struct {
		name     string
		deadline time.Time
		now      time.Time
		want     time.Duration
		ok       bool
	}{
		{"before the deadline", deadline, deadline.Add(-12 * time.Second), 12 * time.Second, true},
		{"at the deadline", deadline, deadline, 0, true},
		{"past the deadline", deadline, deadline.Add(time.Minute), 0, true},
		{"no deadline", time.Time{}, deadline, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := sfnctx.Lambda{Deadline: tt.deadline}.RemainingTime(tt.now)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.ok, ok)
		})
	}
}
