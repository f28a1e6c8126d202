package callback

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// SucceedReference completes the task stored under reference with output
// marshalled as JSON. See [Client.SucceedReferenceJSON].
func (c *Client) SucceedReference(ctx context.Context, reference string, output any) error {
	if c == nil {
		return nilClient(OpSucceed)
	}
	raw, e := marshalOutput(output)
	if e != nil {
		e.Reference = reference
		return c.report(ctx, e, "", nil)
	}
	return c.SucceedReferenceJSON(ctx, reference, raw)
}

// SucceedReferenceJSON redeems the token stored under reference with a
// success: it claims the record, sends SendTaskSuccess and completes the
// record with the hash of output. The output is checked before the store
// is touched. A duplicate or a known-late callback is answered from the
// store without calling Step Functions; one past the stored deadline marks
// the record LATE. The package docs hold the full
// decision table.
func (c *Client) SucceedReferenceJSON(ctx context.Context, reference string,
	output json.RawMessage) error {
	if c == nil {
		return nilClient(OpSucceed)
	}
	r := &request{op: OpSucceed, output: output}
	if e := checkRequestOutput(r); e != nil {
		e.Reference = reference
		return c.report(ctx, e, "", nil)
	}
	return c.redeem(ctx, reference, r)
}

// FailReference redeems the token stored under reference with a failure;
// errorCode and cause are cut to their limits as in [Client.Fail].
func (c *Client) FailReference(ctx context.Context, reference, errorCode, cause string) error {
	r := failRequest("", errorCode, cause)
	err := c.redeem(ctx, reference, r)
	if err == nil {
		c.reportCut(ctx, reference, errorCode, cause, r)
	}
	return err
}

// HeartbeatReference sends a heartbeat for the task stored under
// reference. It reads the record (one consistent read) and takes no claim:
// a heartbeat may come while another delivery holds the claim. It never
// writes the record: past the deadline it is [ErrLate] and the record stays
// open until a success or failure marks it LATE.
func (c *Client) HeartbeatReference(ctx context.Context, reference string) error {
	r := &request{op: OpHeartbeat}
	if e := c.checkReference(ctx, r.op, reference); e != nil {
		return e
	}
	rec, err := c.options.Store.Get(ctx, reference)
	if err != nil {
		return c.report(ctx, storeError(r.op, reference, err), "", nil)
	}
	if e := closedRecord(r.op, rec, c.options.Clock()); e != nil {
		return c.report(ctx, e, rec.Token, rec)
	}
	r.token = rec.Token
	if e := checkRequest(r); e != nil {
		e.Reference = reference
		return c.report(ctx, e, rec.Token, rec)
	}
	if e := c.deliver(ctx, r); e != nil {
		e.Reference = reference
		return c.report(ctx, e, rec.Token, rec)
	}
	return nil
}

// checkReference refuses a client without a store or a Step Functions
// client ([ErrNotConfigured]), a nil context and a reference the store
// would refuse ([ErrInvalidInput], by tokenstore.ValidateReference).
func (c *Client) checkReference(ctx context.Context, op, reference string) *Error {
	if e := c.checkCall(ctx, op); e != nil {
		e.Reference = reference
		return e
	}
	if c.options.Store == nil {
		return &Error{Op: op, Kind: ErrNotConfigured, Reference: reference,
			Detail: "no Store in Options: by-reference calls need one"}
	}
	if err := tokenstore.ValidateReference(op, reference); err != nil {
		detail := err.Error()
		var se *tokenstore.Error
		if errors.As(err, &se) {
			detail = se.Detail
		}
		return &Error{Op: op, Kind: ErrInvalidInput, Reference: reference, Detail: detail}
	}
	return nil
}

// redeem claims the record of reference, sends r with its token and
// settles the record by the answer.
func (c *Client) redeem(ctx context.Context, reference string, r *request) error {
	if e := c.checkReference(ctx, r.op, reference); e != nil {
		return e
	}
	rec, err := c.claim(ctx, reference)
	if err != nil {
		e := storeError(r.op, reference, err)
		rec := c.closeLate(ctx, err, e)
		if rec == nil {
			rec = c.closedRecordOf(ctx, e)
		}
		e.Replayed = replays(r, e)
		return c.report(ctx, e, "", rec)
	}
	r.token = rec.Token
	if e := checkRequest(r); e != nil {
		e.Reference = reference
		c.release(ctx, rec, e)
		return c.report(ctx, e, rec.Token, rec)
	}
	e := c.deliver(ctx, r)
	if e == nil {
		c.complete(ctx, rec, r)
		return nil
	}
	e.Reference = reference
	c.settle(ctx, rec, r, e)
	return c.report(ctx, e, rec.Token, rec)
}

// claim takes the claim on reference, waiting up to WaitForReference for
// a reference that is not stored yet.
func (c *Client) claim(ctx context.Context, reference string) (*tokenstore.Record, error) {
	wait := c.options.WaitForReference
	var until time.Time
	if wait > 0 {
		until = c.options.Clock().Add(wait)
	}
	for {
		rec, err := c.options.Store.Claim(ctx, reference, c.options.Lease)
		if !errors.Is(err, tokenstore.ErrNotFound) || !c.options.Clock().Before(until) {
			return rec, err
		}
		timer := time.NewTimer(c.options.PollInterval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, err
		case <-timer.C:
		}
	}
}

// complete writes the outcome of a successful send. The task is done
// whatever the store says, so a failed write is logged, not returned.
func (c *Client) complete(ctx context.Context, rec *tokenstore.Record, r *request) {
	done := tokenstore.Completion{Outcome: outcomeOf(r), ErrorCode: r.errorCode}
	if r.op == OpSucceed {
		done.OutputHash = r.outputHash()
	}
	ctx, cancel := detached(ctx)
	defer cancel()
	if _, err := c.options.Store.Complete(ctx, rec.Reference, rec.ClaimID, done); err != nil {
		c.log(ctx, slog.LevelError, &Error{Op: r.op, Kind: ErrStore, Reference: rec.Reference,
			TokenFingerprint: fingerprint(rec.Token),
			Detail:           "task completed but the record was not", StoreErr: err})
	}
}

// settle writes back what a failed send means for the record (see the
// decision table) and refines e: TaskTimedOut is late when the deadline
// has passed or is unknown, and a duplicate otherwise.
func (c *Client) settle(ctx context.Context, rec *tokenstore.Record, r *request, e *Error) {
	switch e.Kind {
	case ErrLate:
		if prior, ok := c.memory.lookup(fingerprint(rec.Token)); ok {
			prior.setPrior(e)
			e.Replayed = replays(r, e)
			e.Detail = "closed by an earlier send of this client"
			c.writeBack(ctx, rec, prior.stored(), e)
			return
		}
		now := c.options.Clock()
		if !rec.Deadline.IsZero() && now.Before(rec.Deadline) {
			e.Kind = ErrDuplicate
			e.Detail = "closed by a callback this store did not record"
			c.release(ctx, rec, e)
			return
		}
		c.markLate(ctx, rec, e)
	case ErrOutcomeUnknown:
		// Keep the claim: until its lease ends redeliveries get
		// ErrInFlight; after it, a resend learns the outcome.
	default:
		c.release(ctx, rec, e)
	}
}

// closeLate marks the record LATE when the store refused the claim because
// its deadline passed (one write, tokenstore.Store.MarkLate), so that later
// callbacks find it closed, and returns the record for the notice: the LATE
// one, or the open one the refusal carries when marking failed (kept in e).
// It returns nil for any other refusal, an expiry by TTL included.
func (c *Client) closeLate(ctx context.Context, claimErr error, e *Error) *tokenstore.Record {
	open := deadlineRefusal(claimErr)
	if open == nil {
		return nil
	}
	ctx, cancel := detached(ctx)
	defer cancel()
	late, err := c.options.Store.MarkLate(ctx, open.Reference)
	if err != nil {
		e.StoreErr = errors.Join(e.StoreErr, err)
		return open
	}
	return late
}

// deadlineRefusal returns the open record a claim refusal carries when the
// refusal is its deadline having passed ([tokenstore.ErrExpired] at the
// stored deadline, not at its expiry), or nil.
func deadlineRefusal(err error) *tokenstore.Record {
	var refusal *tokenstore.Error
	if !errors.Is(err, tokenstore.ErrExpired) || !errors.As(err, &refusal) {
		return nil
	}
	rec := refusal.Record
	if rec == nil || rec.Deadline.IsZero() || !refusal.ExpiredAt.Equal(rec.Deadline) {
		return nil
	}
	return rec
}

// markLate completes the record as late.
func (c *Client) markLate(ctx context.Context, rec *tokenstore.Record, e *Error) {
	c.writeBack(ctx, rec, tokenstore.Completion{Outcome: tokenstore.StatusLate}, e)
}

// writeBack completes the claimed record with done after a refused send,
// keeping a store failure in e.
func (c *Client) writeBack(ctx context.Context, rec *tokenstore.Record,
	done tokenstore.Completion, e *Error) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if _, err := c.options.Store.Complete(ctx, rec.Reference, rec.ClaimID, done); err != nil {
		e.StoreErr = err
	}
}

// release gives the claim back so a redelivery can finish the work.
func (c *Client) release(ctx context.Context, rec *tokenstore.Record, e *Error) {
	ctx, cancel := detached(ctx)
	defer cancel()
	if err := c.options.Store.Release(ctx, rec.Reference, rec.ClaimID); err != nil {
		e.StoreErr = err
	}
}

// storeWriteTimeout bounds a write-back made after the caller's context
// may have ended.
const storeWriteTimeout = 5 * time.Second

// detached returns a context that outlives the caller's cancellation, so
// the record is written back even when the send used up the deadline.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), storeWriteTimeout)
}

// closedRecordOf finds the record behind a store refusal saying the task
// is closed: for a duplicate, always, to give the earlier completion (its
// output hash and error code); for a late callback, only when someone
// listens, for the execution and state a notice names. It takes the record
// the refusal carries ([tokenstore.Error.Record]) and reads it only from a
// store that does not fill that in.
func (c *Client) closedRecordOf(ctx context.Context, e *Error) *tokenstore.Record {
	listening := c.options.Notifier != nil || c.options.OnClosedTask != nil ||
		c.options.Logger != nil
	if e.Kind != ErrDuplicate && (e.Kind != ErrLate || !listening) {
		return nil
	}
	var refusal *tokenstore.Error
	rec := (*tokenstore.Record)(nil)
	if errors.As(e, &refusal) {
		rec = refusal.Record
	}
	if rec == nil {
		read, err := c.options.Store.Get(ctx, e.Reference)
		if err != nil {
			return nil
		}
		rec = read
	}
	setPriorRecord(e, rec)
	return rec
}
