package callback

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// HeartbeatInterval returns the pause between heartbeats for a state with
// the given HeartbeatSeconds: a third of it, so that two heartbeats in a
// row may be lost or slow before the task times out. It returns 0 when
// heartbeatSeconds is not positive.
func HeartbeatInterval(heartbeatSeconds int) time.Duration {
	if heartbeatSeconds <= 0 {
		return 0
	}
	return time.Duration(heartbeatSeconds) * time.Second / 3
}

// KeepAlive runs work while sending a heartbeat for token every interval
// (see [HeartbeatInterval]). It returns when work returns, after the
// heartbeats have stopped; no goroutine outlives it.
//
// When Step Functions says the task is gone ([ErrTaskClosed],
// [ErrTaskNotFound] or [ErrInvalidToken]), KeepAlive cancels the context
// given to work and returns the heartbeat's error joined with work's, so
// errors.Is(err, ErrLate) reports it. Other heartbeat failures (throttling
// that outlasted the retries, a fault) are logged, not notified, and the
// heartbeats go on.
// A token that fails the checks is refused before work starts.
//
// The work may complete the task itself. A heartbeat that races with that
// completion is not an error when the completion went through this client
// (it remembers the tokens it completed, see [Options.RememberTokens]).
func (c *Client) KeepAlive(ctx context.Context, token string, interval time.Duration,
	work func(ctx context.Context) error) error {
	if e := c.checkCall(ctx, OpHeartbeat); e != nil {
		return e
	}
	if e := checkRequest(&request{op: OpHeartbeat, token: token}); e != nil {
		return c.report(ctx, e, token, nil)
	}
	if interval <= 0 {
		return &Error{Op: OpHeartbeat, Kind: ErrInvalidInput,
			TokenFingerprint: fingerprint(token), Detail: "heartbeat interval must be positive"}
	}
	workCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		wg   sync.WaitGroup
		gone error
	)
	stop := make(chan struct{})
	wg.Go(func() { gone = c.beat(workCtx, token, interval, stop, cancel) })
	workErr := work(workCtx)
	close(stop)
	wg.Wait()
	if gone != nil {
		return errors.Join(gone, workErr)
	}
	return workErr
}

// beat sends heartbeats every interval until stop closes or ctx ends. It
// returns the error of a heartbeat that found the task gone, after
// cancelling the work with it.
func (c *Client) beat(ctx context.Context, token string, interval time.Duration,
	stop <-chan struct{}, cancel context.CancelCauseFunc) error {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-stop:
			return nil
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		e := c.deliver(ctx, &request{op: OpHeartbeat, token: token})
		switch {
		case e == nil:
		case taskGone(e):
			if c.workClosedTask(token, stop) {
				return nil
			}
			err := c.sendRawError(ctx, e, &request{op: OpHeartbeat, token: token})
			cancel(err)
			return err
		case ctx.Err() == nil:
			// Transient: logged, not notified; the next beat may pass.
			c.log(ctx, slog.LevelWarn, e)
		}
	}
}

// workClosedTask reports whether a heartbeat found the task gone because the
// work completed it: through this client (which is sending or remembers
// the token), or just before returning (stop is closed).
func (c *Client) workClosedTask(token string, stop <-chan struct{}) bool {
	if c.memory.closing(fingerprint(token)) {
		return true
	}
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// taskGone reports whether err says the task will never take a callback.
func taskGone(err error) bool {
	return errors.Is(err, ErrTaskClosed) || errors.Is(err, ErrTaskNotFound) ||
		errors.Is(err, ErrInvalidToken)
}

// KeepAliveReference is [Client.KeepAlive] for the task stored under
// reference: it reads the record once (no claim, so the delivery that will
// complete the task is not blocked) and refuses a record that is already
// completed or past its deadline before work starts.
func (c *Client) KeepAliveReference(ctx context.Context, reference string,
	interval time.Duration, work func(ctx context.Context) error) error {
	if e := c.checkReference(ctx, OpHeartbeat, reference); e != nil {
		return e
	}
	rec, err := c.options.Store.Get(ctx, reference)
	if err != nil {
		return c.report(ctx, storeError(OpHeartbeat, reference, err), "", nil)
	}
	if e := closedRecord(OpHeartbeat, rec, c.options.Clock()); e != nil {
		return c.report(ctx, e, rec.Token, rec)
	}
	return c.KeepAlive(ctx, rec.Token, interval, work)
}
