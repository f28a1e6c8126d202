package lambdawrap

import (
	"context"
	"errors"
	"time"
)

// errReserveReached is the cause of a handler context ended by its
// deadline, TaskOptions.SendReserve before the invocation's.
var errReserveReached = errors.New("lambdawrap: the handler's deadline passed " +
	"(TaskOptions.SendReserve before the invocation's)")

// timedOut returns out, or, when out is a failure with the default code
// from a handler whose context ctx ended by its deadline, the same
// failure with [HandlerTimedOutErrorCode] and a cause saying so. A code the
// handler chose ([ErrorCoder]) and a panic are kept.
func timedOut(ctx context.Context, out outcome, token string) outcome {
	if !out.failed || out.panicked || !out.defaultCode ||
		!errors.Is(context.Cause(ctx), errReserveReached) {
		return out
	}
	out.errorCode = HandlerTimedOutErrorCode
	out.cause = scrub("the handler ran out of time: its context ended "+
		"TaskOptions.SendReserve before the invocation's deadline: "+out.cause, token)
	return out
}

// noTimeToRun is the failure sent in place of running the handler when the
// invocation had less time left than reserve: the handler's context would
// have ended before it started.
func noTimeToRun(ctx context.Context, reserve time.Duration) outcome {
	deadline, _ := ctx.Deadline() // ended by errReserveReached, so it has one
	left := time.Until(deadline.Add(reserve)).Round(time.Millisecond).String()
	return outcome{failed: true, errorCode: HandlerTimedOutErrorCode,
		cause: "the handler was not run: the invocation had " + left + " left, " +
			"less than TaskOptions.SendReserve (" + reserve.String() + "); " +
			"raise the function's timeout or lower SendReserve"}
}
