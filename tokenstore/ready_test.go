package tokenstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// storeCalls calls every method of a store once, with valid arguments, and
// returns what each returned.
func storeCalls(ctx context.Context, s tokenstore.Store) map[string]error {
	errs := map[string]error{}
	_, errs["save"] = s.Save(ctx, tokenstore.Record{Reference: "val-7", Token: "AQB4token"})
	_, errs["claim"] = s.Claim(ctx, "val-7", time.Minute)
	_, errs["complete"] = s.Complete(ctx, "val-7", "c1",
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	errs["release"] = s.Release(ctx, "val-7", "c1")
	_, errs["get"] = s.Get(ctx, "val-7")
	errs["delete"] = s.Delete(ctx, "val-7")
	return errs
}

// TestStoreNotReady checks a store that cannot send a request refuses every
// call as invalid input, without panicking and without sending anything: a
// store not made by New, one made without a client or without a table
// name, and one whose key
// attribute would be overwritten as a record attribute.
func TestStoreNotReady(t *testing.T) {
	fake, client := newFakeDynamo(t, answerWrites)
	tests := []struct {
		name   string
		store  *tokenstore.DynamoStore
		detail string
	}{
		{"nil store", nil, "no DynamoDB client"},
		{"zero store", &tokenstore.DynamoStore{}, "no DynamoDB client"},
		{"nil client", tokenstore.New(nil, "tokens"), "no DynamoDB client"},
		{"empty table name", tokenstore.New(client, ""), "no table name"},
		{"key attribute status", tokenstore.New(client, "tokens",
			func(o *tokenstore.Options) { o.KeyAttribute = "status" }), `"status"`},
		{"key attribute expiresAt", tokenstore.New(client, "tokens",
			func(o *tokenstore.Options) { o.KeyAttribute = "expiresAt" }), `"expiresAt"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs map[string]error
			require.NotPanics(t, func() { errs = storeCalls(t.Context(), tt.store) })
			for op, err := range errs {
				require.ErrorIs(t, err, tokenstore.ErrInvalidInput, op)
				var e *tokenstore.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, op, e.Op)
				assert.Contains(t, e.Detail, tt.detail, op)
			}
		})
	}
	assert.Empty(t, fake.ops(), "a store that is not ready sent a request")
}
