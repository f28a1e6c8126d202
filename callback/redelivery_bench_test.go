package callback_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// BenchmarkSucceedReferenceRedelivered is one callback delivered five times
// at once, as an at-least-once channel may: one delivery claims, sends and
// completes, the four others are refused by the store (in flight or
// duplicate) without reaching Step Functions. It runs on memstore and a
// zero-latency responder; internal/cmd/bench -load measures the same on the
// engine.
func BenchmarkSucceedReferenceRedelivered(b *testing.B) {
	const deliveries = 5
	srv := newRecordedServer(b, answerOK)
	store := memstore.New()
	c := callback.New(sfnClient(srv.URL), func(o *callback.Options) { o.Store = store })
	refs := saveBenchRefs(b, store)
	b.ReportAllocs()
	b.ResetTimer()
	for _, ref := range refs {
		if won := redeliver(b, c, ref, deliveries); won != 1 {
			b.Fatalf("%s: %d deliveries succeeded, want 1", ref, won)
		}
	}
	b.StopTimer()
	if sent := srv.Requests(); sent != b.N {
		b.Fatalf("%d sends reached Step Functions, want %d", sent, b.N)
	}
}

// redeliver delivers the callback of ref n times at once and returns how
// many deliveries succeeded.
func redeliver(b *testing.B, c *callback.Client, ref string, n int) int32 {
	var won atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			err := c.SucceedReferenceJSON(context.Background(), ref, benchOutput)
			switch {
			case err == nil:
				won.Add(1)
			case !errors.Is(err, callback.ErrDuplicate) && !errors.Is(err, callback.ErrInFlight):
				b.Error(err)
			}
		})
	}
	wg.Wait()
	return won.Load()
}
