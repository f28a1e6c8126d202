package callback_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/sfnctx"
)

func TestFailedNotifyIsJoinedNotReplacing(t *testing.T) {
	env := newRefEnv(t)
	env.notifier.err = errors.New("sns down")

	err := env.client.SucceedReference(context.Background(), "missing", 1)

	require.ErrorIs(t, err, callback.ErrUnknownReference, "the original error survives")
	assert.ErrorIs(t, err, env.notifier.err)
	assert.Contains(t, err.Error(), "sns down")
}

func TestOnClosedTaskSeesEveryClosedTaskError(t *testing.T) {
	var seen []error
	env := newRefEnv(t, func(o *callback.Options) {
		o.OnClosedTask = func(_ context.Context, e *callback.Error) { seen = append(seen, e.Kind) }
	})
	ctx := context.Background()
	env.save(t, "r", time.Hour)
	require.NoError(t, env.client.SucceedReference(ctx, "r", 1))

	_ = env.client.SucceedReference(ctx, "r", 1) // a replay: not a closed-task error
	_ = env.client.SucceedReference(ctx, "r", 2)
	_ = env.client.SucceedReference(ctx, "nope", 1)
	_ = env.client.Succeed(ctx, "$$.Task.Token", 1)

	assert.Equal(t, []error{callback.ErrDuplicate, callback.ErrUnknownReference,
		callback.ErrInvalidToken}, seen)
}

func TestTokenNeverLeaks(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := newRefEnv(t, func(o *callback.Options) { o.Logger = logger })
	ctx := context.Background()
	token := env.save(t, "leak", time.Hour)
	require.NoError(t, newTestClient(t, env.fake).Succeed(ctx, token, 0))
	longCause := string(bytes.Repeat([]byte("x"), 40000))

	var errs []error
	errs = append(errs,
		env.client.SucceedReference(ctx, "leak", 1), // duplicate after claim
		env.client.Succeed(ctx, token, 1),           // late by raw token
		env.client.Heartbeat(ctx, token),
		env.client.Fail(ctx, token, "E", longCause),
		env.client.Succeed(ctx, " "+token, 1), // refused by the checks
	)
	env.fake.InjectErrors(callbacktest.Throttling())
	errs = append(errs, env.client.Heartbeat(ctx, token))

	fp := sfnctx.TokenFingerprint(token)
	for _, err := range errs {
		require.Error(t, err)
		assert.NotContains(t, err.Error(), token)
	}
	assert.NotContains(t, logs.String(), token)
	assert.Contains(t, logs.String(), fp, "the fingerprint stands in for the token")
	for _, n := range env.notifier.Notices() {
		assert.NotContains(t, n.Description, token)
		if n.Err != nil {
			assert.NotContains(t, n.Err.Error(), token)
		}
	}
	for _, call := range env.fake.Calls() {
		assert.NotContains(t, call.String(), token)
	}
}
