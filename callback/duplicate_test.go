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

// TestReplayIsRecognisedAndNotNotified checks that a callback repeating the
// one that completed the task (same outcome and output hash, or same error
// code) is an ErrDuplicate with Replayed set, reaches neither the hook nor
// the notifier, while a conflicting duplicate reaches both.
func TestReplayIsRecognisedAndNotNotified(t *testing.T) {
	output := json.RawMessage(`{"value":42}`)
	cases := []struct {
		name     string
		first    func(ctx context.Context, c *callback.Client, token string) error
		again    func(ctx context.Context, c *callback.Client, token string) error
		replayed bool
	}{
		{name: "same success by reference",
			first: succeedRef(output), again: succeedRef(output), replayed: true},
		{name: "same success, other spacing, is another output",
			first: succeedRef(output), again: succeedRef(json.RawMessage(`{ "value": 42 }`))},
		{name: "other success by reference",
			first: succeedRef(output), again: succeedRef(json.RawMessage(`{"value":7}`))},
		{name: "same failure by reference",
			first: failRef("Refused"), again: failRef("Refused"), replayed: true},
		{name: "failure with another code",
			first: failRef("Refused"), again: failRef("Withdrawn")},
		{name: "failure after success",
			first: succeedRef(output), again: failRef("Refused")},
		{name: "same success by raw token",
			first: succeedRaw(output), again: succeedRaw(output), replayed: true},
		{name: "same failure by raw token",
			first: failRaw("Refused"), again: failRaw("Refused"), replayed: true},
		{name: "other success by raw token",
			first: succeedRaw(output), again: succeedRaw(json.RawMessage(`1`))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			var hooked []*callback.Error
			env := newRefEnv(t, func(o *callback.Options) {
				o.OnClosedTask = func(_ context.Context, e *callback.Error) {
					hooked = append(hooked, e)
				}
			})
			token := env.save(t, "ref-1", time.Hour)
			require.NoError(t, tc.first(ctx, env.client, token))

			err := tc.again(ctx, env.client, token)

			require.ErrorIs(t, err, callback.ErrDuplicate)
			var ce *callback.Error
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.replayed, ce.Replayed)
			if tc.replayed {
				assert.Empty(t, env.notifier.Notices(), "a replay is not notified")
				assert.Empty(t, hooked, "a replay does not reach the hook")
				return
			}
			require.Len(t, env.notifier.Notices(), 1)
			assert.Equal(t, "duplicate", env.notifier.Notices()[0].Kind)
			assert.Len(t, hooked, 1)
		})
	}
}

type completeFunc = func(ctx context.Context, c *callback.Client, token string) error

func succeedRef(output json.RawMessage) completeFunc {
	return func(ctx context.Context, c *callback.Client, _ string) error {
		return c.SucceedReferenceJSON(ctx, "ref-1", output)
	}
}

func failRef(code string) completeFunc {
	return func(ctx context.Context, c *callback.Client, _ string) error {
		return c.FailReference(ctx, "ref-1", code, "cause "+code)
	}
}

func succeedRaw(output json.RawMessage) completeFunc {
	return func(ctx context.Context, c *callback.Client, token string) error {
		return c.SucceedJSON(ctx, token, output)
	}
}

func failRaw(code string) completeFunc {
	return func(ctx context.Context, c *callback.Client, token string) error {
		return c.Fail(ctx, token, code, "cause "+code)
	}
}
