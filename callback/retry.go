package callback

import (
	"errors"
	"net"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// throttleCodes are the throttling answers worth another attempt: Step
// Functions' own and the KMS throttling it passes on for encrypted state
// machines.
var throttleCodes = map[string]struct{}{
	"ThrottlingException":    {},
	"Throttling":             {},
	"KmsThrottlingException": {},
}

// serverFaults are the HTTP statuses of transient service faults.
var serverFaults = map[int]struct{}{500: {}, 502: {}, 503: {}, 504: {}}

// newRetryer builds the SDK standard retryer a client's sends use. A send
// that completes a task is not idempotent (a repeat answers TaskTimedOut),
// so only answers that show the request was not acted on are retried:
// throttling, service faults (5xx, tracked so that a later TaskTimedOut is
// not taken for late) and connections that failed before the request left.
// Heartbeats are idempotent and also retry the SDK's default transient
// errors.
func newRetryer(o Options, idempotent bool) aws.RetryerV2 {
	return retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = o.MaxAttempts
		so.MaxBackoff = o.MaxBackoff
		if o.Backoff != nil {
			so.Backoff = o.Backoff
		}
		// Attempts are bounded by MaxAttempts and the caller's context; a
		// shared retry quota would make one busy reference starve others.
		so.RateLimiter = ratelimit.None
		so.Throttles = append(so.Throttles, retry.IsErrorThrottleFunc(isThrottle))
		throttling := retry.IsErrorRetryableFunc(isThrottle)
		if idempotent {
			so.Retryables = append([]retry.IsErrorRetryable{throttling}, so.Retryables...)
			return
		}
		so.Retryables = []retry.IsErrorRetryable{
			throttling,
			retry.RetryableHTTPStatusCode{Codes: serverFaults},
			retry.IsErrorRetryableFunc(notSentRetryable),
		}
	})
}

// isThrottle says true for a throttling answer and leaves any other error
// to the next check.
func isThrottle(err error) aws.Ternary {
	if _, ok := throttleCodes[awsCode(err)]; ok {
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

// notSentRetryable retries a connection that failed while dialling: the
// request never left, so sending it again cannot complete the task twice.
func notSentRetryable(err error) aws.Ternary {
	if notSent(err) {
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

// notSent reports whether err shows the request never reached the network.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// attemptLog wraps a retryer for one send and notes whether any failed
// attempt may have been acted on by Step Functions (a 5xx answer or a
// connection cut after the request left). Each send has its own.
type attemptLog struct {
	aws.RetryerV2
	attempts  int
	ambiguous bool
}

// IsErrorRetryable notes the failed attempt and asks the wrapped retryer.
func (l *attemptLog) IsErrorRetryable(err error) bool {
	l.attempts++
	if mayHaveLanded(err) {
		l.ambiguous = true
	}
	return l.RetryerV2.IsErrorRetryable(err)
}

// mayHaveLanded reports whether a failed attempt could still have
// completed the task.
func mayHaveLanded(err error) bool {
	var resp *smithyhttp.ResponseError
	if errors.As(err, &resp) {
		_, fault := serverFaults[resp.HTTPStatusCode()]
		return fault
	}
	var sendErr *smithyhttp.RequestSendError
	return errors.As(err, &sendErr) && !notSent(err)
}
