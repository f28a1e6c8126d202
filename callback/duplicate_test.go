package callback_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// TestDuplicateCarriesFirstCompletion checks that a duplicate carries how
// the task was first completed (outcome, time, output hash, error code),
// read from the store by reference and from the client's memory by raw
// token, so a caller can tell a replay from a conflicting callback.
func TestDuplicateCarriesFirstCompletion(t *testing.T) {
	first := json.RawMessage(`{"value":42}`)
	cases := []struct {
		name     string
		complete func(ctx context.Context, env *refEnv, token string) error
		hash     string
		code     string
		outcome  tokenstore.Status
	}{
		{name: "success by reference", complete: func(ctx context.Context, env *refEnv,
			_ string) error {
			return env.client.SucceedReferenceJSON(ctx, "ref-1", first)
		}, hash: callback.OutputHash(first), outcome: tokenstore.StatusSucceeded},
		{name: "failure by reference", complete: func(ctx context.Context, env *refEnv,
			_ string) error {
			return env.client.FailReference(ctx, "ref-1", "Valuation.Refused", "no")
		}, code: "Valuation.Refused", outcome: tokenstore.StatusFailed},
		{name: "success by raw token", complete: func(ctx context.Context, env *refEnv,
			token string) error {
			return env.client.SucceedJSON(ctx, token, first)
		}, hash: callback.OutputHash(first), outcome: tokenstore.StatusSucceeded},
		{name: "failure by raw token", complete: func(ctx context.Context, env *refEnv,
			token string) error {
			return env.client.Fail(ctx, token, "Valuation.Refused", "no")
		}, code: "Valuation.Refused", outcome: tokenstore.StatusFailed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			env := newRefEnv(t)
			token := env.save(t, "ref-1", time.Hour)
			require.NoError(t, tc.complete(ctx, env, token))

			for _, err := range []error{
				env.client.SucceedReferenceJSON(ctx, "ref-1", json.RawMessage(`{"value":7}`)),
				env.client.SucceedJSON(ctx, token, json.RawMessage(`{"value":7}`)),
			} {
				var ce *callback.Error
				require.ErrorAs(t, err, &ce)
				require.ErrorIs(t, err, callback.ErrDuplicate)
				assert.Equal(t, tc.outcome, ce.PriorOutcome)
				assert.Equal(t, tc.hash, ce.PriorOutputHash)
				assert.Equal(t, tc.code, ce.PriorErrorCode)
			}
		})
	}
}

func TestOutputHashIsWhatTheStoreKeeps(t *testing.T) {
	ctx := context.Background()
	env := newRefEnv(t)
	env.save(t, "ref-1", time.Hour)
	output := json.RawMessage(`{"value":42}`)
	require.NoError(t, env.client.SucceedReferenceJSON(ctx, "ref-1", output))

	rec, err := env.store.Get(ctx, "ref-1")

	require.NoError(t, err)
	assert.Equal(t, callback.OutputHash(output), rec.OutputHash)
	assert.Len(t, rec.OutputHash, 64, "hex SHA-256")
	assert.NotEqual(t, callback.OutputHash(json.RawMessage(`{"value":43}`)), rec.OutputHash)
	assert.Equal(t, 1, countOps(env.fake.Calls(), callbacktest.OpSendTaskSuccess))
}
