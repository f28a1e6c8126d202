package memstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

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
