package callback_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// TestNilClientMethodsAreNotConfigured checks that every method of a nil
// *Client returns ErrNotConfigured instead of panicking.
func TestNilClientMethodsAreNotConfigured(t *testing.T) {
	var c *callback.Client
	ctx := context.Background()
	token := callbacktest.New().StartTask()
	work := func(context.Context) error { return nil }
	calls := map[string]func() error{
		"Succeed":              func() error { return c.Succeed(ctx, token, 1) },
		"SucceedJSON":          func() error { return c.SucceedJSON(ctx, token, []byte("1")) },
		"Fail":                 func() error { return c.Fail(ctx, token, "E", "") },
		"Heartbeat":            func() error { return c.Heartbeat(ctx, token) },
		"KeepAlive":            func() error { return c.KeepAlive(ctx, token, time.Second, work) },
		"SucceedReference":     func() error { return c.SucceedReference(ctx, "R", 1) },
		"SucceedReferenceJSON": func() error { return c.SucceedReferenceJSON(ctx, "R", []byte("1")) },
		"FailReference":        func() error { return c.FailReference(ctx, "R", "E", "") },
		"HeartbeatReference":   func() error { return c.HeartbeatReference(ctx, "R") },
		"KeepAliveReference": func() error {
			return c.KeepAliveReference(ctx, "R", time.Second, work)
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = call() })
			require.ErrorIs(t, err, callback.ErrNotConfigured)
			assert.Contains(t, err.Error(), "nil *Client")
		})
	}
	assert.Equal(t, callback.DefaultLease, c.Options().Lease)
}

// TestNilStoreOfConcreteTypeIsNotConfigured checks that a nil store of a
// concrete type, which refuses every call as invalid input, makes a
// by-reference call ErrNotConfigured, not ErrInvalidInput: the reference is
// fine, the store is not.
func TestNilStoreOfConcreteTypeIsNotConfigured(t *testing.T) {
	var dynamo *tokenstore.DynamoStore
	var mem *memstore.Store
	for name, store := range map[string]tokenstore.Store{"dynamo": dynamo, "memstore": mem} {
		t.Run(name, func(t *testing.T) {
			c := callback.New(callbacktest.New(), func(o *callback.Options) { o.Store = store })
			err := c.SucceedReference(context.Background(), "SHIP-1", 1)
			require.ErrorIs(t, err, callback.ErrNotConfigured)
			assert.NotErrorIs(t, err, callback.ErrInvalidInput)
			assert.Contains(t, err.Error(), "Store refused a valid reference")
		})
	}
}

// TestInvalidReferenceIsRefusedBeforeTheStore checks that a reference the
// store would refuse is ErrInvalidInput with tokenstore's reason, before the
// store is touched, and that the error text holds a short prefix of it.
func TestInvalidReferenceIsRefusedBeforeTheStore(t *testing.T) {
	var untouched *memstore.Store // any call on it would be ErrNotConfigured
	c := callback.New(callbacktest.New(), func(o *callback.Options) { o.Store = untouched })
	cases := map[string]struct{ reference, reason string }{
		"empty":    {"", "empty reference"},
		"too long": {strings.Repeat("r", 2000), "reference of 2000 bytes is longer than 1024"},
		"not utf8": {"bad\xffref", "reference is not valid UTF-8"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := c.FailReference(context.Background(), tc.reference, "E", "")
			require.ErrorIs(t, err, callback.ErrInvalidInput)
			assert.NotErrorIs(t, err, callback.ErrNotConfigured)
			assert.Contains(t, err.Error(), tc.reason)
			assert.Less(t, len(err.Error()), 200)
		})
	}
}
