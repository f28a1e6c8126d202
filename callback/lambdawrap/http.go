package lambdawrap

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// RejectError is an error an extract function returns to refuse a request
// with a status of its choosing (401 for a bad signature, say). Its
// Message is sent to the sender; Err is not.
type RejectError struct {
	// StatusCode is the 4xx or 5xx status to answer with; anything else
	// is 400. A 4xx says the request itself is wrong and is final (an SQS
	// message is acknowledged), except 404 and 429; a 5xx says the receiver
	// could not take it now (a secret store down, say) and asks for a
	// redelivery (an SQS message comes back). See "Status codes".
	StatusCode int
	// Message is sent in the reply body. Keep secrets out of it.
	Message string
	// Err is the underlying error, kept for errors.Is and errors.As.
	Err error
}

// Reject returns a [*RejectError] answering statusCode with message.
func Reject(statusCode int, message string, err error) error {
	return &RejectError{StatusCode: statusCode, Message: message, Err: err}
}

// Error returns "lambdawrap: request rejected (<status>): <message>[: <err>]".
func (e *RejectError) Error() string {
	text := fmt.Sprintf("lambdawrap: request rejected (%d): %s", e.StatusCode, e.Message)
	if e.Err != nil {
		text += ": " + e.Err.Error()
	}
	return text
}

// Unwrap returns the underlying error.
func (e *RejectError) Unwrap() error { return e.Err }

// RequestBody returns the body of an API Gateway or function URL request,
// decoding it when the integration delivered it base64-encoded (binary
// media types, a function URL with a body that is not text). Call it in
// every HTTP extract function: the request's Body field is the encoded
// text when IsBase64Encoded is set. A body that does not decode is refused
// with a [*RejectError] of status 400, which extract can return as is.
func RequestBody(body string, isBase64Encoded bool) ([]byte, error) {
	if !isBase64Encoded {
		return []byte(body), nil
	}
	raw, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, Reject(http.StatusBadRequest, "the base64 body does not decode",
			fmt.Errorf("lambdawrap: decode base64 body: %w", err))
	}
	return raw, nil
}

// APIGateway wraps extract as a Lambda handler for an API Gateway REST API
// (proxy integration): each request is redeemed and answered as in
// [Receiver.Redeem]. The handler never returns an error, so API Gateway
// always passes the reply on.
func (r *Receiver) APIGateway(
	extract func(context.Context, events.APIGatewayProxyRequest) (Callback, error),
) func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return func(ctx context.Context, req events.APIGatewayProxyRequest) (
		events.APIGatewayProxyResponse, error) {
		reply := r.receive(ctx, func(ctx context.Context) (Callback, error) {
			return extract(ctx, req)
		})
		return events.APIGatewayProxyResponse{StatusCode: reply.StatusCode,
			Headers: reply.Headers(), Body: reply.JSON()}, nil
	}
}

// HTTPAPI wraps extract as a Lambda handler for an API Gateway HTTP API
// (payload format 2.0), answering as [Receiver.APIGateway] does.
func (r *Receiver) HTTPAPI(
	extract func(context.Context, events.APIGatewayV2HTTPRequest) (Callback, error),
) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (
		events.APIGatewayV2HTTPResponse, error) {
		reply := r.receive(ctx, func(ctx context.Context) (Callback, error) {
			return extract(ctx, req)
		})
		return events.APIGatewayV2HTTPResponse{StatusCode: reply.StatusCode,
			Headers: reply.Headers(), Body: reply.JSON()}, nil
	}
}

// FunctionURL wraps extract as a Lambda handler for a Lambda function URL,
// answering as [Receiver.APIGateway] does.
func (r *Receiver) FunctionURL(
	extract func(context.Context, events.LambdaFunctionURLRequest) (Callback, error),
) func(context.Context, events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	return func(ctx context.Context, req events.LambdaFunctionURLRequest) (
		events.LambdaFunctionURLResponse, error) {
		reply := r.receive(ctx, func(ctx context.Context) (Callback, error) {
			return extract(ctx, req)
		})
		return events.LambdaFunctionURLResponse{StatusCode: reply.StatusCode,
			Headers: reply.Headers(), Body: reply.JSON()}, nil
	}
}

// receive runs extract and redeems what it found. A refused request is
// answered with the [*RejectError]'s status and message; any other error
// of extract with 500 extract_failed, a panic in extract with 500 internal.
func (r *Receiver) receive(ctx context.Context,
	extract func(context.Context) (Callback, error)) (reply Reply) {
	defer func() {
		if v := recover(); v != nil {
			reply = Reply{StatusCode: http.StatusInternalServerError, Body: ReplyBody{
				Status: unexpected.name, Message: unexpected.message}}
			r.log(ctx, reply)
		}
	}()
	cb, err := extract(ctx)
	if err != nil {
		reply = rejected(err)
		r.log(ctx, reply)
		return reply
	}
	return r.Redeem(ctx, cb)
}

// rejected is the reply for a request extract refused: the 4xx or 5xx
// status and message of a [*RejectError] (400 "invalid_request" for
// another status), with that status's name as the body's status word when
// it has one; for any other error, 500 "extract_failed".
func rejected(err error) Reply {
	var re *RejectError
	if !errors.As(err, &re) {
		return Reply{StatusCode: http.StatusInternalServerError, Body: ReplyBody{
			Status:  "extract_failed",
			Message: "the callback request could not be processed now; retry later"}}
	}
	reply := Reply{StatusCode: http.StatusBadRequest, Body: ReplyBody{
		Status: "invalid_request", Message: "the callback request could not be read"}}
	if re.StatusCode > 400 && re.StatusCode < 600 {
		reply.StatusCode = re.StatusCode
		if word := statusWord(re.StatusCode); word != "" {
			reply.Body.Status = word
		}
	}
	if re.Message != "" {
		reply.Body.Message = re.Message
	}
	return reply
}

// statusWord is the name of an HTTP status in lower case with underscores
// ("unauthorized", "too_many_requests"), "" for a status without a name.
func statusWord(status int) string {
	text := strings.ToLower(http.StatusText(status))
	return strings.NewReplacer(" ", "_", "-", "_", "'", "").Replace(text)
}
