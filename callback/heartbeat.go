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
// that outlasted the retries, a fault) are logged and the heartbeats go on.
// A token that fails the checks is refused before work starts.
func (c *Client) KeepAlive(ctx context.Context, token string, interval time.Duration,
	work func(ctx context.Context) error) error {
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
		err := c.Heartbeat(ctx, token)
		if err == nil {
			continue
		}
		if taskGone(err) {
			cancel(err)
			return err
		}
		if ctx.Err() == nil {
			c.log(ctx, slog.LevelWarn, &Error{Op: OpHeartbeat,
				TokenFingerprint: fingerprint(token), Detail: "heartbeat failed", Err: err})
		}
	}
}

// taskGone reports whether err says the task will never take a callback.
func taskGone(err error) bool {
	return errors.Is(err, ErrTaskClosed) || errors.Is(err, ErrTaskNotFound) ||
		errors.Is(err, ErrInvalidToken)
}
