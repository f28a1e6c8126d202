package callback_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

var benchOutput = json.RawMessage(`{"valuation":{"reference":"V-1","amount":250000}}`)

// BenchmarkRawSendTaskSuccess is the SDK call alone, on a zero-latency
// responder: the baseline the others add to.
func BenchmarkRawSendTaskSuccess(b *testing.B) {
	client := sfnClient(newRecordedServer(b, answerOK).URL)
	ctx := context.Background()
	in := &sfn.SendTaskSuccessInput{TaskToken: aws.String(validToken),
		Output: aws.String(string(benchOutput))}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.SendTaskSuccess(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSucceedJSON is a raw-token success through a Client: checks,
// retryer, classification.
func BenchmarkSucceedJSON(b *testing.B) {
	c := callback.New(sfnClient(newRecordedServer(b, answerOK).URL))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.SucceedJSON(ctx, validToken, benchOutput); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSucceedReferenceJSON is a redeem by reference through memstore:
// claim, send, complete.
func BenchmarkSucceedReferenceJSON(b *testing.B) {
	store := memstore.New()
	c := callback.New(sfnClient(newRecordedServer(b, answerOK).URL),
		func(o *callback.Options) { o.Store = store })
	ctx := context.Background()
	refs := saveBenchRefs(b, store)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := c.SucceedReferenceJSON(ctx, refs[i], benchOutput); err != nil {
			b.Fatal(err)
		}
	}
}

// saveBenchRefs stores b.N references with a token the recorded server
// accepts, and returns them.
func saveBenchRefs(b *testing.B, store tokenstore.Store) []string {
	b.Helper()
	refs := make([]string, b.N)
	for i := range refs {
		refs[i] = "ref-" + strconv.Itoa(i)
		rec := tokenstore.Record{Reference: refs[i], Token: validToken}
		if _, err := store.Save(context.Background(), rec); err != nil {
			b.Fatal(err)
		}
	}
	return refs
}
