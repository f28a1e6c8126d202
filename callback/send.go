package callback

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go"
)

// The operations an [Error] names.
const (
	OpSucceed   = "succeed"
	OpFail      = "fail"
	OpHeartbeat = "heartbeat"
)

// request is one callback to send: a success, a failure or a heartbeat.
type request struct {
	op        string
	token     string
	output    json.RawMessage
	errorCode string
	cause     string
	// hash caches OutputHash(output).
	hash string
}

// outputHash returns the [OutputHash] of r's output, computed once.
func (r *request) outputHash() string {
	if r.hash == "" {
		r.hash = OutputHash(r.output)
	}
	return r.hash
}

// deliver sends r once through the client's retryer and returns nil or an
// [*Error] classified from the answer. The caller has checked the token
// and the output.
func (c *Client) deliver(ctx context.Context, r *request) *Error {
	if e := c.checkCall(ctx, r.op); e != nil {
		return e
	}
	if err := ctx.Err(); err != nil {
		return &Error{Op: r.op, Kind: ErrSendFailed, Detail: "not sent", Err: err}
	}
	log := &attemptLog{RetryerV2: c.sendRetryer}
	if r.op == OpHeartbeat {
		log.RetryerV2 = c.heartbeatRetryer
	}
	if r.op != OpHeartbeat {
		fp := fingerprint(r.token)
		c.memory.begin(fp)
		defer c.memory.end(fp)
	}
	withRetryer := func(o *sfn.Options) { o.Retryer = log }
	err := c.call(ctx, r, withRetryer)
	if err == nil {
		if r.op != OpHeartbeat {
			// Before end, so that a racing heartbeat always sees it.
			c.memory.remember(fingerprint(r.token), completionOf(r, c.options.Clock()))
		}
		return nil
	}
	e := classify(r.op, err, log.ambiguous)
	e.TokenFingerprint = fingerprint(r.token)
	return e
}

// checkCall refuses a call on a nil client, without a Step Functions
// client or without a context, which would otherwise panic.
func (c *Client) checkCall(ctx context.Context, op string) *Error {
	switch {
	case c == nil:
		return nilClient(op)
	case c.api == nil:
		return &Error{Op: op, Kind: ErrNotConfigured,
			Detail: "no Step Functions client: New was given nil"}
	case ctx == nil:
		return &Error{Op: op, Kind: ErrInvalidInput, Detail: "nil context"}
	}
	return nil
}

// nilClient is the error of a method called on a nil *Client.
func nilClient(op string) *Error {
	return &Error{Op: op, Kind: ErrNotConfigured, Detail: "nil *Client: make one with New"}
}

// call makes the Step Functions call r names.
func (c *Client) call(ctx context.Context, r *request, optFn func(*sfn.Options)) error {
	var err error
	switch r.op {
	case OpSucceed:
		_, err = c.api.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{
			TaskToken: aws.String(r.token), Output: aws.String(string(r.output)),
		}, optFn)
	case OpFail:
		_, err = c.api.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{
			TaskToken: aws.String(r.token),
			Error:     aws.String(r.errorCode), Cause: aws.String(r.cause),
		}, optFn)
	default:
		_, err = c.api.SendTaskHeartbeat(ctx, &sfn.SendTaskHeartbeatInput{
			TaskToken: aws.String(r.token),
		}, optFn)
	}
	return err
}

// classify turns a failed send into an [*Error]. TaskTimedOut becomes
// [ErrLate] here; callers that know better (a remembered completion, a
// stored record) turn it into [ErrDuplicate]. After an attempt that may have
// landed, TaskTimedOut is [ErrOutcomeUnknown]: it may answer our own
// earlier attempt.
func classify(op string, err error, ambiguous bool) *Error {
	e := &Error{Op: op, Err: err, AWSCode: awsCode(err), RequestID: requestID(err)}
	switch {
	case e.AWSCode != "":
		e.Kind = kindOfCode(e.AWSCode)
		if e.Kind == ErrLate && ambiguous {
			e.Kind = ErrOutcomeUnknown
			e.Detail = "an earlier attempt may have completed the task"
		}
	case errors.As(err, new(*aws.RequestCanceledError)) && !ambiguous:
		e.Kind, e.Detail = ErrSendFailed, "gave up retrying: context done"
	case notSent(err):
		e.Kind, e.Detail = ErrSendFailed, "connection failed before sending"
	default:
		e.Kind = ErrOutcomeUnknown
		e.Detail = "no answer from Step Functions: the task may or may not be completed"
	}
	return e
}

// kindOfCode maps a Step Functions error code to its sentinel. Unknown
// codes are [ErrSendFailed], never late or duplicate.
func kindOfCode(code string) error {
	switch code {
	case "TaskTimedOut":
		return ErrLate
	case "InvalidToken":
		return ErrInvalidToken
	case "TaskDoesNotExist":
		return ErrTaskNotFound
	case "InvalidOutput":
		return ErrInvalidOutput
	}
	return ErrSendFailed
}

// awsCode returns the error code of the AWS answer in err: first by the
// sfn/types error types, then by the smithy.APIError code. "" when err
// carries no answer.
func awsCode(err error) string {
	switch {
	case errors.As(err, new(*types.TaskTimedOut)):
		return "TaskTimedOut"
	case errors.As(err, new(*types.InvalidToken)):
		return "InvalidToken"
	case errors.As(err, new(*types.TaskDoesNotExist)):
		return "TaskDoesNotExist"
	case errors.As(err, new(*types.InvalidOutput)):
		return "InvalidOutput"
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// requestID returns the AWS request id of the answer in err, if any.
func requestID(err error) string {
	var resp *awshttp.ResponseError
	if errors.As(err, &resp) {
		return resp.ServiceRequestID()
	}
	return ""
}
