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

func TestRedeemOnce(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	_, err := store.Save(ctx, tokenstore.Record{Reference: "val-1", Token: "tok"})
	require.NoError(t, err)

	claimed, err := store.Claim(ctx, "val-1", time.Minute)
	require.NoError(t, err)
	done, err := store.Complete(ctx, "val-1", claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusSucceeded, done.Status)

	_, err = store.Claim(ctx, "val-1", time.Minute)
	assert.ErrorIs(t, err, tokenstore.ErrCompleted)
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := memstore.New().Save(ctx, tokenstore.Record{Reference: "r", Token: "t"})
	assert.ErrorIs(t, err, context.Canceled)
}
