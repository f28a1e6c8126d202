package loadrun

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// Calls counts the requests of one operation ("SFN.SendTaskSuccess").
type Calls struct {
	// Calls is how many times the operation was called.
	Calls int
	// Attempts counts the HTTP attempts, retries included.
	Attempts int
	// Errors counts the failed calls by AWS error code ("" for an error
	// without one, such as a canceled context).
	Errors map[string]int
}

// OK returns how many calls succeeded.
func (c Calls) OK() int {
	failed := 0
	for _, n := range c.Errors {
		failed += n
	}
	return c.Calls - failed
}

// callCounter counts the calls of every operation of the clients it is
// attached to, through SDK middleware, so that no client is wrapped.
type callCounter struct {
	mu    sync.Mutex
	calls map[string]Calls
}

func newCallCounter() *callCounter {
	return &callCounter{calls: map[string]Calls{}}
}

// apiOption adds the counting middleware to a client's stack: one at
// Initialize (once per call, sees the final error) and one at the end of
// Finalize (once per attempt, after the retryer).
func (c *callCounter) apiOption(stack *middleware.Stack) error {
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("loadrunCountCalls",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler,
		) (middleware.InitializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleInitialize(ctx, in)
			c.record(operation(ctx), err)
			return out, md, err
		}), middleware.After)
	if err != nil {
		return err
	}
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("loadrunCountAttempts",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler,
		) (middleware.FinalizeOutput, middleware.Metadata, error) {
			c.attempt(operation(ctx))
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

func operation(ctx context.Context) string {
	return awsmiddleware.GetServiceID(ctx) + "." + awsmiddleware.GetOperationName(ctx)
}

func (c *callCounter) record(op string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.calls[op]
	n.Calls++
	if err != nil {
		code := ""
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) {
			code = apiErr.ErrorCode()
		}
		if n.Errors == nil {
			n.Errors = map[string]int{}
		}
		n.Errors[code]++
	}
	c.calls[op] = n
}

func (c *callCounter) attempt(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.calls[op]
	n.Attempts++
	c.calls[op] = n
}

// snapshot returns a deep copy of the counts so far.
func (c *callCounter) snapshot() map[string]Calls {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]Calls, len(c.calls))
	for op, n := range c.calls {
		n.Errors = maps.Clone(n.Errors)
		out[op] = n
	}
	return out
}

// callsSince returns the counts of now minus those of before.
func callsSince(before, now map[string]Calls) map[string]Calls {
	out := map[string]Calls{}
	for op, n := range now {
		b := before[op]
		d := Calls{Calls: n.Calls - b.Calls, Attempts: n.Attempts - b.Attempts}
		for code, k := range n.Errors {
			if k -= b.Errors[code]; k > 0 {
				if d.Errors == nil {
					d.Errors = map[string]int{}
				}
				d.Errors[code] = k
			}
		}
		if d.Calls > 0 || d.Attempts > 0 {
			out[op] = d
		}
	}
	return out
}

// sortedOps returns the operation names of calls in order.
func sortedOps(calls map[string]Calls) []string {
	return slices.Sorted(maps.Keys(calls))
}
