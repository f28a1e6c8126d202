package lambdawrap_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// BenchmarkTask measures one task invocation on the fake Step Functions:
// reading the event, running a trivial handler and sending its success.
// The fake's StartTask is inside the loop.
func BenchmarkTask(b *testing.B) {
	fake := callbacktest.New()
	handler := lambdawrap.Task(callback.New(fake), valuate)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		event, _ := json.Marshal(map[string]any{"taskToken": fake.StartTask(),
			"loanId": "L-1", "amount": 2})
		if _, err := handler(ctx, event); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTaskReplay measures Lambda's retry of a handled invocation,
// answered from the worker's memory.
func BenchmarkTaskReplay(b *testing.B) {
	fake := callbacktest.New()
	handler := lambdawrap.Task(callback.New(fake), valuate)
	ctx := context.Background()
	event, _ := json.Marshal(map[string]any{"taskToken": fake.StartTask(), "loanId": "L-1"})
	if _, err := handler(ctx, event); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r, err := handler(ctx, event); err != nil || !r.Replayed {
			b.Fatal(r, err)
		}
	}
}

// BenchmarkHTTPAPI measures one webhook callback through the HTTP API
// wrapper: redeem by reference on the in-memory store and the fake, then
// the reply. Saving the token is inside the loop.
func BenchmarkHTTPAPI(b *testing.B) {
	fake := callbacktest.New()
	store := memstore.New()
	client := callback.New(fake, func(o *callback.Options) { o.Store = store })
	handler := lambdawrap.NewReceiver(client).HTTPAPI(extractHTTPAPI)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		reference := "valuation-" + strconv.Itoa(i)
		_, err := store.Save(ctx, tokenstore.Record{Reference: reference,
			Token: fake.StartTask(), Deadline: time.Now().Add(time.Hour)})
		if err != nil {
			b.Fatal(err)
		}
		resp, _ := handler(ctx, events.APIGatewayV2HTTPRequest{
			Body: `{"reference":"` + reference + `","value":{"value":1}}`})
		if resp.StatusCode != 200 {
			b.Fatal(resp.Body)
		}
	}
}
