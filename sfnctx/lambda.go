package sfnctx

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Lambda environment variables that name the running function. The Lambda
// runtime sets them in every function's process.
const (
	EnvFunctionName    = "AWS_LAMBDA_FUNCTION_NAME"
	EnvFunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION"
	EnvLogGroup        = "AWS_LAMBDA_LOG_GROUP_NAME"
	EnvLogStream       = "AWS_LAMBDA_LOG_STREAM_NAME"
)

// Lambda holds the facts about the Lambda invocation a handler runs in: what
// support needs to find its logs.
type Lambda struct {
	// FunctionARN is the ARN the function was invoked by (it may carry a
	// version or alias qualifier).
	FunctionARN string
	// RequestID is the invocation's request id (AwsRequestID).
	RequestID string
	// FunctionName, FunctionVersion, LogGroup and LogStream come from the
	// Lambda environment variables; FunctionName falls back to the name in
	// FunctionARN.
	FunctionName    string
	FunctionVersion string
	LogGroup        string
	LogStream       string
	// Deadline is when the invocation times out; zero when ctx has none.
	Deadline time.Time
}

// LambdaFromContext returns the facts about the Lambda invocation ctx
// belongs to. ok reports whether ctx carries a Lambda context (as the
// context given to a handler started with lambda.Start does). The fields
// read from the environment are filled either way. A nil ctx carries no
// Lambda context.
func LambdaFromContext(ctx context.Context) (l Lambda, ok bool) {
	if ctx == nil {
		ctx = context.Background()
	}
	if lc, found := lambdacontext.FromContext(ctx); found && lc != nil {
		l.FunctionARN = lc.InvokedFunctionArn
		l.RequestID = lc.AwsRequestID
		ok = true
	}
	l.FunctionName = firstNonEmpty(os.Getenv(EnvFunctionName), lambdacontext.FunctionName,
		functionNameFromARN(l.FunctionARN))
	l.FunctionVersion = firstNonEmpty(os.Getenv(EnvFunctionVersion), lambdacontext.FunctionVersion)
	l.LogGroup = firstNonEmpty(os.Getenv(EnvLogGroup), lambdacontext.LogGroupName)
	l.LogStream = firstNonEmpty(os.Getenv(EnvLogStream), lambdacontext.LogStreamName)
	if d, has := ctx.Deadline(); has {
		l.Deadline = d
	}
	return l, ok
}

// RemainingTime returns how long the invocation has left at now, never less
// than zero. ok is false when the deadline is unknown. Pass time.Now() in
// production and a fixed time in tests.
func (l Lambda) RemainingTime(now time.Time) (d time.Duration, ok bool) {
	if l.Deadline.IsZero() {
		return 0, false
	}
	return max(l.Deadline.Sub(now), 0), true
}

// functionNameFromARN returns the function name of a Lambda function ARN
// (arn:aws:lambda:region:account:function:name[:qualifier]), or "".
func functionNameFromARN(s string) string {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "lambda" {
		return ""
	}
	parts := splitResource(a.Resource)
	if len(parts) < 2 || parts[0] != "function" {
		return ""
	}
	return parts[1]
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
