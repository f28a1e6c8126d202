package lambdawrap_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// Valuation request and answer of the examples.
type (
	ValuationRequest struct {
		LoanID string `json:"loanId"`
	}
	Valuation struct {
		LoanID string `json:"loanId"`
		Value  int    `json:"value"`
	}
)

// ExampleTask wraps a typed handler as a task worker. In a Lambda function:
//
//	lambda.Start(lambdawrap.Task(callback.New(sfn.NewFromConfig(cfg)), requestValuation))
//
// Here the fake Step Functions of package callbacktest stands in.
func ExampleTask() {
	sfnAPI := callbacktest.New()
	client := callback.New(sfnAPI)
	requestValuation := func(ctx context.Context, req ValuationRequest) (Valuation, error) {
		c, _ := sfnctx.FromContext(ctx)
		fmt.Println("state:", c.State.Name)
		if req.LoanID == "" {
			return Valuation{}, lambdawrap.WithCode("MissingLoanID", errors.New("no loan id"))
		}
		return Valuation{LoanID: req.LoanID, Value: 420000}, nil
	}
	handler := lambdawrap.Task(client, requestValuation)

	// The event a state sends with "taskToken.$": "$$.Task.Token" and
	// "ctx.$": "$$" beside the loan id.
	for _, loanID := range []string{"L-1", ""} {
		token := sfnAPI.StartTask()
		event, _ := json.Marshal(map[string]any{
			"taskToken": token, "loanId": loanID,
			"ctx": map[string]any{"State": map[string]any{"Name": "RequestValuation"}},
		})
		result, err := handler(context.Background(), event)
		task, _ := sfnAPI.Task(token)
		fmt.Println(result.Outcome, err, task.Status, task.Output+task.Error)
	}
	// Output:
	// state: RequestValuation
	// succeeded <nil> SUCCEEDED {"loanId":"L-1","value":420000}
	// state: RequestValuation
	// failed <nil> FAILED MissingLoanID
}

// newReceiverExample returns a receiver on a fake Step Functions and an
// in-memory store holding a token under "valuation-7".
func newReceiverExample() (*lambdawrap.Receiver, *callbacktest.Fake) {
	// A fixed clock keeps the times in the replies the same on every run.
	clock := func() time.Time { return time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC) }
	sfnAPI := callbacktest.New(func(o *callbacktest.Options) { o.Clock = clock })
	store := memstore.New(func(o *memstore.Options) { o.Clock = clock })
	_, _ = store.Save(context.Background(), tokenstore.Record{
		Reference: "valuation-7", Token: sfnAPI.StartTask()})
	client := callback.New(sfnAPI, func(o *callback.Options) { o.Store, o.Clock = store, clock })
	return lambdawrap.NewReceiver(client), sfnAPI
}

// readValuation reads a valuation service's webhook body.
func readValuation(body string) (lambdawrap.Callback, error) {
	var msg struct {
		Reference string `json:"reference"`
		Value     int    `json:"value"`
		Error     string `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &msg); err != nil {
		return lambdawrap.Callback{}, lambdawrap.Reject(400, "body is not JSON", err)
	}
	if msg.Error != "" {
		return lambdawrap.Failed(msg.Reference, msg.Error, "reported by the valuation service"), nil
	}
	return lambdawrap.Succeeded(msg.Reference, map[string]int{"value": msg.Value}), nil
}

// ExampleReceiver_APIGateway answers webhook deliveries through an API
// Gateway REST API: the first completes the task, a repeat is answered 200
// again, a different outcome 409 and an unknown reference 404.
func ExampleReceiver_APIGateway() {
	receiver, _ := newReceiverExample()
	handler := receiver.APIGateway(
		func(_ context.Context, req events.APIGatewayProxyRequest) (lambdawrap.Callback, error) {
			body, err := lambdawrap.RequestBody(req.Body, req.IsBase64Encoded)
			if err != nil {
				return lambdawrap.Callback{}, err
			}
			return readValuation(string(body))
		})
	for _, body := range []string{
		`{"reference":"valuation-7","value":420000}`,
		`{"reference":"valuation-7","value":420000}`,
		`{"reference":"valuation-7","error":"PropertyNotFound"}`,
		`{"reference":"valuation-8","value":1}`,
		`not json`,
	} {
		resp, _ := handler(context.Background(), events.APIGatewayProxyRequest{Body: body})
		fmt.Println(resp.StatusCode, resp.Body)
	}
	// Output:
	// 200 {"status":"succeeded","reference":"valuation-7","message":"the task was completed"}
	// 200 {"status":"succeeded","reference":"valuation-7","message":"the task was completed by an earlier delivery of this callback","replayed":true}
	// 409 {"status":"duplicate","reference":"valuation-7","message":"the task was already completed with a different outcome","priorOutcome":"SUCCEEDED","priorAt":"2026-12-03T12:00:00Z"}
	// 404 {"status":"unknown_reference","reference":"valuation-8","message":"no task waits under this reference"}
	// 400 {"status":"invalid_request","message":"body is not JSON"}
}

// ExampleReceiver_HTTPAPI answers a failure reported through an API
// Gateway HTTP API, whose body may come base64-encoded: the extract
// function reads it with RequestBody.
func ExampleReceiver_HTTPAPI() {
	receiver, sfnAPI := newReceiverExample()
	handler := receiver.HTTPAPI(
		func(_ context.Context, req events.APIGatewayV2HTTPRequest) (lambdawrap.Callback, error) {
			body, err := lambdawrap.RequestBody(req.Body, req.IsBase64Encoded)
			if err != nil {
				return lambdawrap.Callback{}, err // a *RejectError: 400
			}
			return readValuation(string(body))
		})
	body := `{"reference":"valuation-7","error":"PropertyNotFound"}`
	resp, _ := handler(context.Background(), events.APIGatewayV2HTTPRequest{
		Body: base64.StdEncoding.EncodeToString([]byte(body)), IsBase64Encoded: true})
	fmt.Println(resp.StatusCode, resp.Headers["Content-Type"])
	for _, call := range sfnAPI.Calls() {
		fmt.Println(call.Op, call.Error)
	}
	// Output:
	// 200 application/json
	// SendTaskFailure PropertyNotFound
}

// ExampleReceiver_FunctionURL answers callbacks sent to a Lambda function
// URL.
func ExampleReceiver_FunctionURL() {
	receiver, _ := newReceiverExample()
	handler := receiver.FunctionURL(
		func(_ context.Context, req events.LambdaFunctionURLRequest) (lambdawrap.Callback, error) {
			return readValuation(req.Body)
		})
	resp, _ := handler(context.Background(), events.LambdaFunctionURLRequest{
		Body: `{"reference":"","value":1}`})
	fmt.Println(resp.StatusCode, resp.Body)
	// Output:
	// 400 {"status":"invalid_request","message":"the callback's reference is unusable: empty reference"}
}

// ExampleReceiver_SQS redeems a batch of queued callbacks: only the one a
// redelivery could finish (its reference is not saved yet) comes back.
func ExampleReceiver_SQS() {
	receiver, _ := newReceiverExample()
	handler := receiver.SQS(
		func(_ context.Context, msg events.SQSMessage) (lambdawrap.Callback, error) {
			return readValuation(msg.Body)
		})
	resp, _ := handler(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m-1", Body: `{"reference":"valuation-7","value":420000}`},
		{MessageId: "m-2", Body: `{"reference":"valuation-7","error":"Late"}`},
		{MessageId: "m-3", Body: `{"reference":"valuation-9","value":1}`},
	}})
	fmt.Println(resp.BatchItemFailures)
	// Output:
	// [{m-3}]
}
