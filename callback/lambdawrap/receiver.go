package lambdawrap

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/tasktoken/tasktoken/callback"
)

// Callback is what an extract function finds in a request or message: the
// reference the external party calls back with, and the outcome.
type Callback struct {
	// Reference is the business reference the token was stored under.
	Reference string
	// Output is the success output, marshalled as JSON; a json.RawMessage
	// is sent as it is. Ignored when Failed.
	Output any
	// Failed makes the callback a failure with ErrorCode and Cause.
	Failed    bool
	ErrorCode string
	Cause     string
}

// Succeeded returns a success callback for reference with output.
func Succeeded(reference string, output any) Callback {
	return Callback{Reference: reference, Output: output}
}

// Failed returns a failure callback for reference.
func Failed(reference, errorCode, cause string) Callback {
	return Callback{Reference: reference, Failed: true, ErrorCode: errorCode, Cause: cause}
}

// ReceiverOptions configure a [Receiver]. The zero value is valid.
type ReceiverOptions struct {
	// RetryAfter is the pause a reply with status 429 or 503 asks the
	// sender to wait (the Retry-After header, in whole seconds). Default:
	// the client's lease (callback.Options.Lease), after which a claim
	// left by a failed delivery can be taken over.
	RetryAfter time.Duration
	// Logger, if set, receives one line per callback not answered with
	// status 200, with the reference and the error kind. Default nil.
	Logger *slog.Logger
	// OutputRefusedErrorCode is the error code of the failure sent in
	// place of a success whose output is over callback.MaxOutputBytes.
	// Default [OutputRefusedErrorCode].
	OutputRefusedErrorCode string
}

// Receiver redeems callbacks by reference and answers each with a status a
// sender can act on. Its methods wrap extract functions as Lambda handlers
// for API Gateway, function URLs and SQS. It is safe for concurrent use.
type Receiver struct {
	client  *callback.Client
	options ReceiverOptions
}

// NewReceiver returns a Receiver redeeming through client, which must have
// a Store (callback.Options.Store): without one, with a nil store or
// without a client, every callback is answered 500 internal, naming what
// is missing (the client's callback.ErrNotConfigured), and comes back on
// SQS. It does no I/O.
func NewReceiver(client *callback.Client, optFns ...func(*ReceiverOptions)) *Receiver {
	var o ReceiverOptions
	for _, fn := range optFns {
		fn(&o)
	}
	if o.RetryAfter <= 0 { // a nil client answers every callback 500 with the defaults
		o.RetryAfter = client.Options().Lease
	}
	if o.OutputRefusedErrorCode == "" {
		o.OutputRefusedErrorCode = OutputRefusedErrorCode
	}
	return &Receiver{client: client, options: o}
}

// Redeem completes the task stored under cb.Reference with cb's outcome
// and returns the reply to give the sender (see "Status codes" in the
// package docs). A repeat of the callback that completed the task, with
// the same outcome, is answered 200 again with Replayed set. A success
// whose output is over callback.MaxOutputBytes fails the task instead
// (see [ReceiverOptions.OutputRefusedErrorCode]) and is answered 413.
//
// A nil *Receiver or a nil ctx is answered 500 internal, as a client
// that is not configured is (see "Status codes").
func (r *Receiver) Redeem(ctx context.Context, cb Callback) Reply {
	if e := r.check(ctx); e != nil {
		return r.reply(context.Background(), cb.Reference, e)
	}
	err := r.send(ctx, cb)
	var refused *oversizedOutput
	switch {
	case errors.As(err, &refused):
		return r.refuseOutput(ctx, cb.Reference, refused.output)
	case err == nil:
		return completed(cb, false)
	case replayed(err):
		return completed(cb, true)
	}
	return r.reply(ctx, cb.Reference, err)
}

// send redeems cb through the callback client. A success whose output is
// over callback.MaxOutputBytes is not sent: send returns it as an
// [*oversizedOutput].
func (r *Receiver) send(ctx context.Context, cb Callback) error {
	if cb.Failed {
		return r.client.FailReference(ctx, cb.Reference, cb.ErrorCode, cb.Cause)
	}
	raw, err := json.Marshal(cb.Output)
	if err != nil {
		return &callback.Error{Op: callback.OpSucceed, Kind: callback.ErrInvalidOutput,
			Reference: cb.Reference, Err: err}
	}
	if len(raw) > callback.MaxOutputBytes {
		return &oversizedOutput{output: raw}
	}
	return r.client.SucceedReferenceJSON(ctx, cb.Reference, raw)
}

// oversizedOutput is a success output over callback.MaxOutputBytes, which
// the Receiver refuses in place of sending.
type oversizedOutput struct{ output json.RawMessage }

func (o *oversizedOutput) Error() string {
	return fmt.Sprintf("lambdawrap: output of %d bytes over the limit", len(o.output))
}

// refuseOutput fails the task of reference in place of a success whose
// output is too big, with a cause giving its size and hash, never the
// output (callback.Client.RefuseOutputReference). It answers 413 once the
// failure is sent, or was sent before by an earlier delivery of the same
// callback (which publishes no second notice); otherwise as for that error.
func (r *Receiver) refuseOutput(ctx context.Context, reference string,
	output json.RawMessage) Reply {
	code := r.options.OutputRefusedErrorCode
	err := r.client.RefuseOutputReference(ctx, reference, output, code)
	if !errors.Is(err, callback.ErrInvalidOutput) && !replayed(err) {
		return r.reply(ctx, reference, err)
	}
	reply := Reply{StatusCode: http.StatusRequestEntityTooLarge, Body: ReplyBody{
		Status: "output_refused", Reference: echo(reference),
		Message: fmt.Sprintf("the output of %d bytes is over the limit of %d bytes: "+
			"the task was failed with error code %s; do not retry",
			len(output), callback.MaxOutputBytes, code)}}
	r.log(ctx, reply)
	return reply
}

// check refuses a nil receiver and a nil context: the receiver's
// own fault, never the sender's.
func (r *Receiver) check(ctx context.Context) error {
	switch {
	case r == nil:
		return &callback.Error{Kind: callback.ErrNotConfigured,
			Detail: "nil *Receiver: make one with NewReceiver"}
	case ctx == nil:
		return &callback.Error{Kind: callback.ErrNotConfigured,
			Detail: "nil context given to the Receiver"}
	}
	return nil
}

// completed is the reply for a callback that completed its task now or,
// when replayed, earlier with the same outcome.
func completed(cb Callback, replayed bool) Reply {
	body := ReplyBody{Status: OutcomeSucceeded, Reference: echo(cb.Reference), Replayed: replayed,
		Message: "the task was completed"}
	if cb.Failed {
		body.Status = OutcomeFailed
		body.Message = "the task was completed with a failure"
	}
	if replayed {
		body.Message += " by an earlier delivery of this callback"
	}
	return Reply{StatusCode: 200, Body: body}
}

// replayed reports whether err is the callback client's answer to a
// repeat of the callback that completed the task (callback.Error.Replayed).
func replayed(err error) bool {
	var ce *callback.Error
	return errors.As(err, &ce) && ce.Replayed
}

// reply maps a refused callback to its reply and logs it.
func (r *Receiver) reply(ctx context.Context, reference string, err error) Reply {
	var retryAfter time.Duration
	if r != nil {
		retryAfter = r.options.RetryAfter
	}
	reply := replyFor(err, reference, retryAfter)
	r.log(ctx, reply)
	return reply
}

// log writes one line for a reply other than 200, if a logger is set.
// Neither the reply nor the error text it logs holds a token.
func (r *Receiver) log(ctx context.Context, reply Reply) {
	if r == nil || r.options.Logger == nil || reply.StatusCode == 200 {
		return
	}
	level := slog.LevelWarn
	if reply.StatusCode >= 500 {
		level = slog.LevelError
	}
	r.options.Logger.LogAttrs(ctx, level,
		fmt.Sprintf("lambdawrap: callback answered %d %s", reply.StatusCode, reply.Body.Status),
		slog.Int("status", reply.StatusCode),
		slog.String("kind", reply.Body.Status),
		slog.String("reference", reply.Body.Reference))
}
