package callback_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
)

func TestHeartbeatInterval(t *testing.T) {
	assert.Equal(t, 2*time.Second/3, callback.HeartbeatInterval(2))
	assert.Equal(t, 20*time.Second, callback.HeartbeatInterval(60))
	assert.Zero(t, callback.HeartbeatInterval(0))
}

// TestK12KeepAliveKeepsTaskAlive is K12 scaled down: a heartbeat timeout of
// 600 ms (HeartbeatSeconds=2 in the case) and work running 2.5 times as long.
func TestK12KeepAliveKeepsTaskAlive(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	fake := callbacktest.New()
	token := fake.StartTask(func(o *callbacktest.TaskOptions) {
		o.HeartbeatTimeout = 600 * time.Millisecond
	})
	c := newTestClient(t, fake)

	// Beats every 100 ms: five may be late or lost before the timeout, so a
	// loaded machine does not fail the test.
	err := c.KeepAlive(context.Background(), token, 100*time.Millisecond,
		func(ctx context.Context) error {
			select {
			case <-time.After(1500 * time.Millisecond):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})

	require.NoError(t, err)
	require.NoError(t, c.Succeed(context.Background(), token, "done"),
		"the task is still waiting after the work")
	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
	assert.GreaterOrEqual(t, task.Heartbeats, 1)
	beats := task.Heartbeats
	time.Sleep(300 * time.Millisecond)
	task, _ = fake.Task(token)
	assert.Equal(t, beats, task.Heartbeats, "heartbeats stopped with the work")
}

func TestKeepAliveCancelsWorkWhenTaskIsGone(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	clock := newManualClock()
	fake := callbacktest.New(func(o *callbacktest.Options) { o.Clock = clock.Now })
	token := fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = time.Second })
	clock.Advance(2 * time.Second)
	c := newTestClient(t, fake)

	var workCause error
	err := c.KeepAlive(context.Background(), token, time.Millisecond,
		func(ctx context.Context) error {
			<-ctx.Done()
			workCause = context.Cause(ctx)
			return ctx.Err()
		})

	require.ErrorIs(t, err, callback.ErrLate)
	assert.ErrorIs(t, err, context.Canceled, "work's own error is kept")
	assert.ErrorIs(t, workCause, callback.ErrLate, "the work learns why")
}

func TestKeepAliveStopsOnContextCancel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	fake := callbacktest.New()
	token := fake.StartTask()
	c := newTestClient(t, fake)
	ctx, cancel := context.WithCancel(context.Background())

	err := c.KeepAlive(ctx, token, time.Millisecond, func(ctx context.Context) error {
		time.Sleep(10 * time.Millisecond)
		cancel()
		<-ctx.Done()
		return ctx.Err()
	})

	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, callback.ErrTaskClosed)
}

func TestKeepAliveSurvivesTransientHeartbeatFailures(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	fake := callbacktest.New()
	token := fake.StartTask()
	fake.InjectErrors(repeat(callbacktest.APIError("InternalFailure"), 4)...)
	c := newTestClient(t, fake)
	workErr := errors.New("work failed on its own")

	err := c.KeepAlive(context.Background(), token, time.Millisecond,
		func(ctx context.Context) error {
			time.Sleep(50 * time.Millisecond)
			return workErr
		})

	require.ErrorIs(t, err, workErr)
	assert.NotErrorIs(t, err, callback.ErrSendFailed, "transient failures do not stop the work")
}

func TestKeepAliveRefusesBadInput(t *testing.T) {
	c := newTestClient(t, callbacktest.New())
	ran := false
	work := func(context.Context) error { ran = true; return nil }

	require.ErrorIs(t, c.KeepAlive(context.Background(), "", time.Second, work),
		callback.ErrInvalidToken)
	require.ErrorIs(t, c.KeepAlive(context.Background(), validToken, 0, work),
		callback.ErrInvalidInput)
	assert.False(t, ran)
}

func TestKeepAliveReference(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx := context.Background()
	env := newRefEnv(t)
	token := env.save(t, "long-job", time.Hour)
	env.fake.InjectErrors(callbacktest.APIError("InternalFailure"))

	err := env.client.KeepAliveReference(ctx, "long-job", time.Millisecond,
		func(ctx context.Context) error {
			// The delivery that completes the task is not blocked by the
			// heartbeats: no claim is held.
			time.Sleep(30 * time.Millisecond)
			return env.client.SucceedReference(ctx, "long-job", "done")
		})

	require.NoError(t, err)
	task, _ := env.fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
	assert.Empty(t, env.notifier.Notices(), "a transient heartbeat failure is not notified")
	err = env.client.KeepAliveReference(ctx, "long-job", time.Millisecond,
		func(context.Context) error { t.Error("work ran for a completed task"); return nil })
	require.ErrorIs(t, err, callback.ErrDuplicate)
}

func TestKeepAliveWorkCompletesTaskItself(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	fake := callbacktest.New()
	notifier := &recordingNotifier{}
	c := newTestClient(t, fake, func(o *callback.Options) { o.Notifier = notifier })
	for range 20 {
		token := fake.StartTask()

		err := c.KeepAlive(context.Background(), token, time.Microsecond,
			func(ctx context.Context) error {
				if err := c.Succeed(ctx, token, "done"); err != nil {
					return err
				}
				time.Sleep(2 * time.Millisecond) // heartbeats race the return
				return nil
			})

		require.NoError(t, err, "a heartbeat after the work's own completion is no error")
	}
	assert.Empty(t, notifier.Notices())
}
