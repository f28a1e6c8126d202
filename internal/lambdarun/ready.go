package lambdarun

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"
)

// DefaultReadyTimeout is how long [WaitInvokable] waits at most, unless
// its context ends first.
const DefaultReadyTimeout = 20 * time.Second

// readyPoll is the pause between two probes of [WaitInvokable].
const readyPoll = 100 * time.Millisecond

// ProbeEvent is the event [WaitInvokable] invokes a function with: an
// empty JSON object, which a handler should refuse without side effects.
const ProbeEvent = "{}"

// Invoker is the part of the Lambda API [WaitInvokable] uses;
// *lambda.Client satisfies it.
type Invoker interface {
	Invoke(ctx context.Context, params *lambda.InvokeInput,
		optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// WaitInvokable waits until the engine hands invocations of function to a
// local process and returns the answer to the first one that did. The
// engine refuses an invocation (ServiceException, 502) while no process
// has polled for the function yet; WaitInvokable invokes it with
// [ProbeEvent] every 100 ms until one is answered, for at most
// [DefaultReadyTimeout]. It fails at once when the engine gives another
// error, or when one of procs, the processes started for function, has
// exited.
func WaitInvokable(ctx context.Context, client Invoker, function string,
	procs ...*Process) (*lambda.InvokeOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, DefaultReadyTimeout)
	defer cancel()
	for {
		if p := firstExited(procs); p != nil {
			return nil, fmt.Errorf("lambdarun: wait for %s: a process exited at start: %v",
				function, p.err)
		}
		out, err := client.Invoke(ctx, &lambda.InvokeInput{
			FunctionName: &function, Payload: []byte(ProbeEvent),
		}, func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
		if err == nil {
			return out, nil
		}
		if !noPollerYet(err) || ctx.Err() != nil {
			return nil, fmt.Errorf("lambdarun: wait for %s: %w", function,
				errors.Join(err, ctx.Err()))
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("lambdarun: wait for %s: no process polled the engine: %w",
				function, errors.Join(ctx.Err(), err))
		case <-time.After(readyPoll):
		}
	}
}

// firstExited returns the first of procs that has ended, or nil.
func firstExited(procs []*Process) *Process {
	for _, p := range procs {
		select {
		case <-p.exited:
			return p
		default:
		}
	}
	return nil
}

// noPollerYet reports whether err is the engine's answer to an invocation
// no process has polled for.
func noPollerYet(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "ServiceException"
}
