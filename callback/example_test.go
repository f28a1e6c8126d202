package callback_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// Complete a task by its raw token. The fake stands in for *sfn.Client.
func Example() {
	ctx := context.Background()
	steps := callbacktest.New()
	token := steps.StartTask()
	c := callback.New(steps)

	err := c.Succeed(ctx, token, map[string]int{"amount": 250000})
	fmt.Println("first:", err)

	err = c.Succeed(ctx, token, map[string]int{"amount": 1})
	fmt.Println("again is a duplicate:", errors.Is(err, callback.ErrDuplicate))
	fmt.Println("and the task is closed:", errors.Is(err, callback.ErrTaskClosed))

	task, _ := steps.Task(token)
	fmt.Println(task.Status, task.Output)
	// Output:
	// first: <nil>
	// again is a duplicate: true
	// and the task is closed: true
	// SUCCEEDED {"amount":250000}
}

// Redeem a token by the business reference the external party calls back
// with. The second delivery is answered from the store and never reaches
// Step Functions.
func ExampleClient_SucceedReference() {
	ctx := context.Background()
	steps := callbacktest.New()
	store := memstore.New()
	_, _ = store.Save(ctx, tokenstore.Record{Reference: "valuation-42", Token: steps.StartTask()})
	c := callback.New(steps, func(o *callback.Options) { o.Store = store })

	fmt.Println(c.SucceedReference(ctx, "valuation-42", map[string]int{"amount": 250000}))

	err := c.FailReference(ctx, "valuation-42", "Valuation.Withdrawn", "sent twice")
	var ce *callback.Error
	if errors.As(err, &ce) {
		fmt.Println(errors.Is(err, callback.ErrDuplicate), ce.PriorOutcome)
	}
	fmt.Println("calls to Step Functions:", len(steps.Calls()))
	// Output:
	// <nil>
	// true SUCCEEDED
	// calls to Step Functions: 1
}

// An oversized output is refused before any network call; the fallback
// failure carries its size and hash, never the payload.
func ExampleError_FallbackCause() {
	ctx := context.Background()
	steps := callbacktest.New()
	token := steps.StartTask()
	c := callback.New(steps)
	big := json.RawMessage(`"` + strings.Repeat("x", 300<<10-2) + `"`) // 300 KiB

	err := c.SucceedJSON(ctx, token, big)
	var ce *callback.Error
	if errors.As(err, &ce) && errors.Is(err, callback.ErrInvalidOutput) {
		fmt.Println(ce.OutputSize, "bytes, limit", ce.Limit)
		fmt.Println(c.Fail(ctx, token, "Output.TooLarge", ce.FallbackCause()))
	}
	task, _ := steps.Task(token)
	fmt.Println(task.Status, len(task.Cause) < 200)
	// Output:
	// 307200 bytes, limit 262144
	// <nil>
	// FAILED true
}

// Keep a task with HeartbeatSeconds alive while long work runs.
func ExampleClient_KeepAlive() {
	ctx := context.Background()
	steps := callbacktest.New()
	token := steps.StartTask(func(o *callbacktest.TaskOptions) {
		o.HeartbeatTimeout = time.Second
	})
	c := callback.New(steps)

	// Heartbeats every 100 ms keep the task alive past its 1 s heartbeat
	// timeout, with room for a slow machine.
	err := c.KeepAlive(ctx, token, 100*time.Millisecond, func(ctx context.Context) error {
		time.Sleep(1200 * time.Millisecond) // the long work
		return nil
	})
	fmt.Println("work:", err)
	fmt.Println("then:", c.Succeed(ctx, token, "done"))
	// Output:
	// work: <nil>
	// then: <nil>
}

// Tell a late callback from other failures.
func ExampleErrLate() {
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	steps := callbacktest.New(func(o *callbacktest.Options) { o.Clock = clock })
	token := steps.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = 2 * time.Second })
	now = now.Add(3 * time.Second) // TimeoutSeconds passed

	err := callback.New(steps).Succeed(ctx, token, "too late")
	switch {
	case errors.Is(err, callback.ErrLate):
		fmt.Println("late: tell the caller the request expired")
	case err != nil:
		fmt.Println("other failure:", err)
	}
	// Output:
	// late: tell the caller the request expired
}
