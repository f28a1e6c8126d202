package sfnctx_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// A JSONPath state passes the whole context object with "ctx.$": "$$".
func ExampleFromEvent_jsonPath() {
	event := json.RawMessage(`{
	  "input": {"reference": "VAL-1"},
	  "ctx": {
	    "Execution": {"Id": "arn:aws:states:eu-west-1:123456789012:execution:loans:run-42",
	      "Name": "run-42", "StartTime": "2026-05-04T10:00:00Z"},
	    "State": {"Name": "WaitForValuation", "EnteredTime": "2026-05-04T10:00:01Z",
	      "RetryCount": 0},
	    "StateMachine": {"Id": "arn:aws:states:eu-west-1:123456789012:stateMachine:loans",
	      "Name": "loans"},
	    "Task": {"Token": "AQCEAAAAKgAAAAMAAAAA"}
	  }
	}`)
	c, err := sfnctx.FromEvent(event, "ctx")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := sfnctx.NewContext(context.Background(), c)

	got, _ := sfnctx.FromContext(ctx)
	fmt.Println(got.Execution.Name, got.State.Name, got.Execution.StartTime.Format(time.RFC3339))
	fmt.Println("token", sfnctx.TokenFingerprint(got.Task.Token))
	// Output:
	// run-42 WaitForValuation 2026-05-04T10:00:00Z
	// token a22666836283ff6d
}

// A JSONata state passes "ctx": "{% $states.context %}"; here the state
// passed only the token, as the local engine kumo allows.
func ExampleFromEvent_jsonata() {
	event := json.RawMessage(`{"ctx": {"Task": {"Token": "AQCEAAAAKgAAAAMAAAAA"}}}`)
	c, err := sfnctx.FromEvent(event, "ctx")
	fmt.Println(err, c.Task.Token != "", c.Execution.ID == "")

	_, err = sfnctx.FromEvent(event, "context")
	fmt.Println(errors.Is(err, sfnctx.ErrMissingField), err)
	// Output:
	// <nil> true true
	// true sfnctx: decode event: missing field "context"
}

func ExampleParseExecutionARN() {
	x, err := sfnctx.ParseExecutionARN(
		"arn:aws:states:us-east-1:123456789012:express:orders:run-7:9f1c2d3e")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(x.Partition, x.Region, x.AccountID, x.StateMachineName, x.Name, x.Express)
	fmt.Println(x.StateMachine())

	_, err = sfnctx.ParseExecutionARN("arn:aws:lambda:us-east-1:123456789012:function:f")
	fmt.Println(errors.Is(err, sfnctx.ErrInvalidARN))
	// Output:
	// aws us-east-1 123456789012 orders run-7 true
	// arn:aws:states:us-east-1:123456789012:stateMachine:orders
	// true
}

func ExampleExecutionConsoleURL() {
	for _, arn := range []string{
		"arn:aws:states:eu-west-1:123456789012:execution:loans:run-42",
		"arn:aws-cn:states:cn-north-1:123456789012:execution:loans:run-42",
		"arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:loans:run-42",
	} {
		link, err := sfnctx.ExecutionConsoleURL(arn)
		fmt.Println(link, err)
	}
	// Output:
	// https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:loans:run-42 <nil>
	// https://cn-north-1.console.amazonaws.cn/states/home?region=cn-north-1#/v2/executions/details/arn:aws-cn:states:cn-north-1:123456789012:execution:loans:run-42 <nil>
	// https://us-gov-west-1.console.amazonaws-us-gov.com/states/home?region=us-gov-west-1#/v2/executions/details/arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:loans:run-42 <nil>
}

func ExampleLambda_RemainingTime() {
	deadline := time.Date(2026, 5, 4, 10, 0, 30, 0, time.UTC)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()

	l, _ := sfnctx.LambdaFromContext(ctx)
	left, ok := l.RemainingTime(deadline.Add(-12 * time.Second))
	fmt.Println(left, ok)
	// Output:
	// 12s true
}

// A .waitForTaskToken state passes its TimeoutSeconds beside the context
// object, which does not carry it; the handler turns both into the deadline
// to store with the token.
func ExampleContext_Deadline() {
	event := json.RawMessage(`{
	  "timeoutSeconds": 3600,
	  "ctx": {
	    "State": {"Name": "WaitForValuation", "EnteredTime": "2026-05-04T10:00:01Z"},
	    "Task": {"Token": "AQCEAAAAKgAAAAMAAAAA"}
	  }
	}`)
	var payload struct {
		TimeoutSeconds int `json:"timeoutSeconds"`
	}
	if err := json.Unmarshal(event, &payload); err != nil {
		fmt.Println(err)
		return
	}
	c, err := sfnctx.FromEvent(event, "ctx")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Deadline(time.Duration(payload.TimeoutSeconds) * time.Second))

	// kumo passes only the token: the deadline is unknown, the zero time.
	local := &sfnctx.Context{Task: sfnctx.Task{Token: "AQCEAAAAKgAAAAMAAAAA"}}
	fmt.Println(local.Deadline(time.Hour).IsZero())
	// Output:
	// 2026-05-04 11:00:01 +0000 UTC
	// true
}
