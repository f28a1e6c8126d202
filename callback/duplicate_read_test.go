package callback_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// countingStore counts Get calls and, when hideRecord is set, strips the
// record from refusals, as a store written before Error.Record would.
type countingStore struct {
	tokenstore.Store
	gets       atomic.Int64
	hideRecord bool
}

func (s *countingStore) Get(ctx context.Context, ref string) (*tokenstore.Record, error) {
	s.gets.Add(1)
	return s.Store.Get(ctx, ref)
}

func (s *countingStore) Claim(
	ctx context.Context, ref string, lease time.Duration,
) (*tokenstore.Record, error) {
	rec, err := s.Store.Claim(ctx, ref, lease)
	var refusal *tokenstore.Error
	if s.hideRecord && errors.As(err, &refusal) {
		refusal.Record = nil
	}
	return rec, err
}

// TestDuplicateNeedsNoRead checks that a duplicate by reference learns the
// first completion from the store's refusal, without reading the record,
// and still learns it, with one read, from a store that does not say.
func TestDuplicateNeedsNoRead(t *testing.T) {
	first := json.RawMessage(`{"value":42}`)
	for _, tc := range []struct {
		name       string
		hideRecord bool
		wantGets   int64
	}{
		{name: "refusal carries the record", wantGets: 0},
		{name: "store without records in refusals", hideRecord: true, wantGets: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			env := newRefEnv(t)
			env.save(t, "ref-1", time.Hour)
			store := &countingStore{Store: env.store, hideRecord: tc.hideRecord}
			client := callback.New(env.fake, func(o *callback.Options) { o.Store = store })
			require.NoError(t, client.SucceedReferenceJSON(ctx, "ref-1", first))

			err := client.SucceedReferenceJSON(ctx, "ref-1", json.RawMessage(`{"value":7}`))
			var ce *callback.Error
			require.ErrorAs(t, err, &ce)
			require.ErrorIs(t, err, callback.ErrDuplicate)
			assert.Equal(t, tokenstore.StatusSucceeded, ce.PriorOutcome)
			assert.Equal(t, callback.OutputHash(first), ce.PriorOutputHash)
			assert.Equal(t, tc.wantGets, store.gets.Load())
		})
	}
}
