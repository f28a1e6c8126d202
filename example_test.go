package tasktoken_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// The whole round trip on the in-memory twins: the request side stores the
// task token under a business reference, the callback side redeems it once,
// and a second delivery of the same callback is refused without reaching
// Step Functions.
func Example() {
	ctx := context.Background()
	stepFunctions := callbacktest.New() // a *sfn.Client in production
	store := memstore.New()             // tokenstore.New(dynamodbClient, table) in production
	token := stepFunctions.StartTask(func(o *callbacktest.TaskOptions) {
		o.Timeout = time.Hour
	})

	// The Lambda the state machine invoked keeps the token under a reference.
	_, err := store.Save(ctx, tokenstore.Record{Reference: "VAL-1001", Token: token})
	fmt.Println("saved:", err)

	// The valuation service calls back, twice (at-least-once delivery).
	client := callback.New(stepFunctions, func(o *callback.Options) { o.Store = store })
	valuation := map[string]any{"reference": "VAL-1001", "value": 250000}
	fmt.Println("first:", client.SucceedReference(ctx, "VAL-1001", valuation))
	err = client.SucceedReference(ctx, "VAL-1001", valuation)
	fmt.Println("second is a duplicate:", errors.Is(err, callback.ErrDuplicate))

	state, _ := stepFunctions.Task(token)
	fmt.Println("task:", state.Status, state.Output)
	fmt.Println("calls to Step Functions:", len(stepFunctions.Calls()))
	// Output:
	// saved: <nil>
	// first: <nil>
	// second is a duplicate: true
	// task: SUCCEEDED {"reference":"VAL-1001","value":250000}
	// calls to Step Functions: 1
}
