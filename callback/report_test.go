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

// TestNoticeDescriptionIsASentence checks that a notice's Description is a
// plain sentence naming the reference (or the token's fingerprint) and what
// happened, while the full error text stays in the notice's Err.
func TestNoticeDescriptionIsASentence(t *testing.T) {
	ctx := context.Background()
	env := newRefEnv(t)
	token := env.fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = time.Second })
	env.saveToken(t, "VAL-1", token, 0)
	env.clock.Advance(2 * time.Second)
	env.save(t, "VAL-2", time.Hour)
	require.NoError(t, env.client.SucceedReference(ctx, "VAL-2", 1))

	_ = env.client.SucceedReference(ctx, "VAL-1", 1)
	_ = env.client.SucceedReference(ctx, "VAL-2", 2)
	_ = env.client.SucceedReference(ctx, "VAL-3", 1)
	env.fake.InjectErrors(callbacktest.APIError("NewException"))
	_ = env.client.Succeed(ctx, validToken, 1)

	want := []string{
		"late callback for reference VAL-1: the task timed out or its execution " +
			"ended before it was answered",
		"duplicate callback for reference VAL-2: the task was already completed " +
			"(SUCCEEDED at 2026-12-03T12:00:02Z)",
		"callback for unknown reference VAL-3: no task token is stored under it",
		"callback for token " + sfnctx.TokenFingerprint(validToken) +
			" not sent: Step Functions refused it (NewException)",
	}
	notices := env.notifier.Notices()
	require.Len(t, notices, len(want))
	for i, n := range notices {
		assert.Equal(t, want[i], n.Description)
		require.Error(t, n.Err)
		assert.Contains(t, n.Err.Error(), "callback: ", "the error text stays in Err")
		assert.NotEqual(t, n.Description, n.Err.Error())
	}
}
