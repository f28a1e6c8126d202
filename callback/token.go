package callback

import (
	"context"
	"encoding/json"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// Succeed completes the task of token with output marshalled as JSON.
// Pass a json.RawMessage (or use [Client.SucceedJSON]) to send JSON you
// already hold; a []byte would be marshalled as a base64 string.
func (c *Client) Succeed(ctx context.Context, token string, output any) error {
	if c == nil {
		return nilClient(OpSucceed)
	}
	raw, e := marshalOutput(output)
	if e != nil {
		e.TokenFingerprint = fingerprint(token)
		return c.report(ctx, e, token, nil)
	}
	return c.SucceedJSON(ctx, token, raw)
}

// marshalOutput marshals a success's output as JSON, or returns the
// [ErrInvalidOutput] refusal for output encoding/json cannot marshal.
func marshalOutput(output any) (json.RawMessage, *Error) {
	raw, err := json.Marshal(output)
	if err != nil {
		return nil, &Error{Op: OpSucceed, Kind: ErrInvalidOutput,
			Detail: "marshal output: " + err.Error()}
	}
	return raw, nil
}

// SucceedJSON completes the task of token with output, which must be valid
// JSON of at most [MaxOutputBytes]; otherwise it returns [ErrInvalidOutput]
// before any network call.
func (c *Client) SucceedJSON(ctx context.Context, token string, output json.RawMessage) error {
	if c == nil {
		return nilClient(OpSucceed)
	}
	r := &request{op: OpSucceed, token: token, output: output}
	if e := checkRequest(r); e != nil {
		return c.report(ctx, e, token, nil)
	}
	return c.sendRaw(ctx, r)
}

// Fail completes the task of token with a failure. An errorCode over
// [MaxErrorCodeBytes] or a cause over [MaxCauseBytes] is cut on a character
// boundary with a visible marker, never refused; once the failure is sent,
// the full text goes to the Notifier as a "failure_cut" notice.
func (c *Client) Fail(ctx context.Context, token, errorCode, cause string) error {
	if c == nil {
		return nilClient(OpFail)
	}
	r := failRequest(token, errorCode, cause)
	if e := checkRequest(r); e != nil {
		return c.report(ctx, e, token, nil)
	}
	err := c.sendRaw(ctx, r)
	if err == nil {
		c.reportCut(ctx, "", errorCode, cause, r)
	}
	return err
}

// Heartbeat tells Step Functions the task of token is still being worked
// on, resetting its HeartbeatSeconds timer.
func (c *Client) Heartbeat(ctx context.Context, token string) error {
	if c == nil {
		return nilClient(OpHeartbeat)
	}
	r := &request{op: OpHeartbeat, token: token}
	if e := checkRequest(r); e != nil {
		return c.report(ctx, e, token, nil)
	}
	return c.sendRaw(ctx, r)
}

// sendRaw sends a checked request by raw token. A TaskTimedOut for a token
// this client completed earlier is [ErrDuplicate]; otherwise [ErrLate].
func (c *Client) sendRaw(ctx context.Context, r *request) error {
	if e := c.deliver(ctx, r); e != nil {
		return c.sendRawError(ctx, e, r)
	}
	return nil
}

// sendRawError reports a failed raw-token send, turning TaskTimedOut into
// [ErrDuplicate] when this client completed the token before.
func (c *Client) sendRawError(ctx context.Context, e *Error, r *request) error {
	if e.Kind == ErrLate {
		if prior, ok := c.memory.lookup(fingerprint(r.token)); ok {
			prior.setPrior(e)
			e.Replayed = replays(r, e)
		}
	}
	return c.report(ctx, e, r.token, nil)
}

// failRequest builds a failure request with the code and cause fitted to
// their limits.
func failRequest(token, errorCode, cause string) *request {
	return &request{
		op: OpFail, token: token,
		errorCode: fitLimit(errorCode, MaxErrorCodeBytes),
		cause:     fitLimit(cause, MaxCauseBytes),
	}
}

// checkRequest checks r's token and output before any network call.
func checkRequest(r *request) *Error {
	if detail := checkToken(r.token); detail != "" {
		return &Error{Op: r.op, Kind: ErrInvalidToken, Detail: detail,
			TokenFingerprint: fingerprint(r.token)}
	}
	return checkRequestOutput(r)
}

// checkRequestOutput checks the output of a success request.
func checkRequestOutput(r *request) *Error {
	if r.op != OpSucceed {
		return nil
	}
	detail := checkOutput(r.output)
	if detail == "" {
		return nil
	}
	return &Error{
		Op: r.op, Kind: ErrInvalidOutput, Detail: detail,
		TokenFingerprint: fingerprint(r.token),
		OutputSize:       len(r.output), Limit: MaxOutputBytes,
		OutputHash: r.outputHash(),
	}
}

// replays reports whether r repeats the earlier completion e, an
// [ErrDuplicate], describes: same outcome and, for a success, the same
// output hash, for a failure the same (cut) error code.
func replays(r *request, e *Error) bool {
	if e.Kind != ErrDuplicate || r.op == OpHeartbeat || e.PriorOutcome != outcomeOf(r) {
		return false
	}
	if r.op == OpFail {
		return e.PriorErrorCode == r.errorCode
	}
	return e.PriorOutputHash != "" && e.PriorOutputHash == r.outputHash()
}

// completionOf is what a successful send of r at is remembered as.
func completionOf(r *request, at time.Time) completion {
	done := completion{outcome: outcomeOf(r), at: at, errorCode: r.errorCode}
	if r.op == OpSucceed {
		done.outputHash = r.outputHash()
	}
	return done
}

// outcomeOf is the stored outcome a successful send of r stands for.
func outcomeOf(r *request) tokenstore.Status {
	if r.op == OpFail {
		return tokenstore.StatusFailed
	}
	return tokenstore.StatusSucceeded
}
