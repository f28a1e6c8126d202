package callback

import (
	"context"
	"encoding/json"
)

// RefuseOutputReference fails the task stored under reference in place of
// a success whose output Step Functions would refuse (not JSON, or over
// [MaxOutputBytes]): it sends a failure with errorCode and the refusal's
// [Error.FallbackCause] (size, limit and SHA-256, never the output), so the
// execution does not wait for a success that can never be sent.
//
// It returns the [ErrInvalidOutput] refusal once the failure is sent, after
// reporting it as an "invalid_output" notice (see "The closed-task hook").
// A redelivery of the same callback finds the task already failed with
// errorCode: it returns that replayed [ErrDuplicate] and reports nothing,
// so each oversized callback is notified once however often it is sent.
// Any other error is the failure's, as from [Client.FailReference]. An
// output Step Functions would take is refused with [ErrInvalidInput] and
// nothing is sent: call [Client.SucceedReferenceJSON] for it.
func (c *Client) RefuseOutputReference(ctx context.Context, reference string,
	output json.RawMessage, errorCode string) error {
	if c == nil {
		return nilClient(OpFail)
	}
	refused := checkRequestOutput(&request{op: OpSucceed, output: output})
	if refused == nil {
		return &Error{Op: OpFail, Kind: ErrInvalidInput, Reference: reference,
			Detail: "the output is not refused: send it as a success"}
	}
	refused.Reference = reference
	if err := c.FailReference(ctx, reference, errorCode, refused.FallbackCause()); err != nil {
		return err
	}
	return c.report(ctx, refused, "", nil)
}
