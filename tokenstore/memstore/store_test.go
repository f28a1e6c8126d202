package memstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// TestCanceledContext checks a canceled call changes nothing, as a call to
// DynamoDB would not.
func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	store := memstore.New()
	_, err := store.Save(ctx, tokenstore.Record{Reference: "r", Token: "t"})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = store.Get(context.Background(), "r")
	assert.ErrorIs(t, err, tokenstore.ErrNotFound)
}

// TestZeroStore checks the zero Store is ready to use, with the defaults of
// New, and a nil *Store refuses every call instead of panicking.
func TestZeroStore(t *testing.T) {
	ctx := t.Context()
	var store memstore.Store
	saved, err := store.Save(ctx, tokenstore.Record{Reference: "VAL-1", Token: "AQB4..."})
	require.NoError(t, err)
	assert.Equal(t, tokenstore.ExpiryAfter(saved.CreatedAt, time.Time{},
		tokenstore.DefaultRetention), saved.ExpiresAt)
	claimed, err := store.Claim(ctx, "VAL-1", time.Minute)
	require.NoError(t, err)
	_, err = store.Complete(ctx, "VAL-1", claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	require.NoError(t, err)

	var none *memstore.Store
	require.NotPanics(t, func() {
		_, err = none.Save(ctx, tokenstore.Record{Reference: "VAL-1", Token: "AQB4..."})
		assert.ErrorIs(t, err, tokenstore.ErrInvalidInput)
		_, err = none.Claim(ctx, "VAL-1", time.Minute)
		assert.ErrorIs(t, err, tokenstore.ErrInvalidInput)
		_, err = none.Complete(ctx, "VAL-1", "c1",
			tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
		assert.ErrorIs(t, err, tokenstore.ErrInvalidInput)
		assert.ErrorIs(t, none.Release(ctx, "VAL-1", "c1"), tokenstore.ErrInvalidInput)
		_, err = none.Get(ctx, "VAL-1")
		assert.ErrorIs(t, err, tokenstore.ErrInvalidInput)
		assert.ErrorIs(t, none.Delete(ctx, "VAL-1"), tokenstore.ErrInvalidInput)
	})
}

// TestPutKeepsWhatSaveRefuses checks Put stores a record Save refuses — a
// token Step Functions would refuse, as an older writer may have saved it —
// so that a test can see how a callback handler copes with it, and that
// the record then follows the lifecycle like any other.
func TestPutKeepsWhatSaveRefuses(t *testing.T) {
	ctx := t.Context()
	store := memstore.New()
	rec := tokenstore.Record{Reference: "VAL-1", Token: "$$.Task.Token",
		Status: tokenstore.StatusPending, Attempt: 1}
	_, err := store.Save(ctx, rec)
	require.ErrorIs(t, err, tokenstore.ErrInvalidInput)

	store.Put(rec)
	claimed, err := store.Claim(ctx, "VAL-1", time.Minute)
	require.NoError(t, err)
	assert.True(t, claimed.Token == rec.Token, "Claim returns the token Put stored")
	assert.Equal(t, tokenstore.StatusClaimed, claimed.Status)

	var none *memstore.Store
	assert.NotPanics(t, func() { none.Put(rec) })
}
