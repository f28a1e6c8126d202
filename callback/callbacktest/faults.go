package callbacktest

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Throttling returns the error Step Functions answers when throttled: an
// API error with code ThrottlingException and HTTP status 400.
func Throttling() error {
	return responseError(400, &smithy.GenericAPIError{
		Code: "ThrottlingException", Message: "Rate exceeded"})
}

// ServiceFault returns a transient service fault: an API error with code
// ServiceUnavailable and HTTP status 503.
func ServiceFault() error {
	return responseError(503, &smithy.GenericAPIError{
		Code: "ServiceUnavailable", Message: "Service unavailable", Fault: smithy.FaultServer})
}

// APIError returns an API error with code and HTTP status 400, for codes the
// fake does not produce by itself (a KMS error, an unknown code).
func APIError(code string) error {
	return responseError(400, &smithy.GenericAPIError{Code: code, Message: code})
}

func responseError(status int, err error) error {
	return &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
		Err:      err,
	}
}

// withRetries answers call, retrying as the Retryer set by optFns says,
// the way the SDK's retry middleware does. Without a Retryer it answers
// once.
func (f *Fake) withRetries(ctx context.Context, call Call, optFns []func(*sfn.Options)) error {
	var o sfn.Options
	for _, fn := range optFns {
		fn(&o)
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := f.attempt(call)
		if err == nil || o.Retryer == nil || !o.Retryer.IsErrorRetryable(err) ||
			attempt >= o.Retryer.MaxAttempts() {
			return err
		}
		delay, derr := o.Retryer.RetryDelay(attempt, err)
		if derr != nil {
			return err
		}
		if serr := sleep(ctx, delay); serr != nil {
			return &aws.RequestCanceledError{Err: serr}
		}
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
