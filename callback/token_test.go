package callback_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

func TestSucceedCompletesTask(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()
	c := newTestClient(t, fake)

	require.NoError(t, c.Succeed(context.Background(), token, map[string]int{"value": 42}))

	task, ok := fake.Task(token)
	require.True(t, ok)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
	assert.JSONEq(t, `{"value":42}`, task.Output)
}

func TestFailCompletesTask(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()
	c := newTestClient(t, fake)

	require.NoError(t, c.Fail(context.Background(), token, "Valuation.Rejected", "too low"))

	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, task.Status)
	assert.Equal(t, "Valuation.Rejected", task.Error)
	assert.Equal(t, "too low", task.Cause)
}

func TestK02SuccessTwiceWithRawToken(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	token := fake.StartTask()
	c := newTestClient(t, fake)
	require.NoError(t, c.SucceedJSON(ctx, token, json.RawMessage(`{"n":1}`)))

	err := c.SucceedJSON(ctx, token, json.RawMessage(`{"n":2}`))

	require.ErrorIs(t, err, callback.ErrDuplicate)
	require.ErrorIs(t, err, callback.ErrTaskClosed)
	require.ErrorAs(t, err, new(*types.TaskTimedOut))
	var ce *callback.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, tokenstore.StatusSucceeded, ce.PriorOutcome)
	assert.False(t, ce.PriorAt.IsZero())
	assert.Equal(t, 2, countOps(fake.Calls(), callbacktest.OpSendTaskSuccess),
		"TaskTimedOut is terminal: not retried")
}

func TestRawTaskTimedOutFromAnotherSenderIsLate(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	token := fake.StartTask()
	require.NoError(t, newTestClient(t, fake).Succeed(ctx, token, "first"))

	err := newTestClient(t, fake).Succeed(ctx, token, "second")

	require.ErrorIs(t, err, callback.ErrLate)
	assert.NotErrorIs(t, err, callback.ErrDuplicate)
}

func TestRawTokenAfterDeadlineIsLate(t *testing.T) {
	clock := newManualClock()
	fake := callbacktest.New(func(o *callbacktest.Options) { o.Clock = clock.Now })
	token := fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = 2 * time.Second })
	clock.Advance(3 * time.Second)

	err := newTestClient(t, fake).Succeed(context.Background(), token, "late")

	require.ErrorIs(t, err, callback.ErrLate)
	require.ErrorAs(t, err, new(*types.TaskTimedOut))
}

func TestTokenChecksBeforeAnyCall(t *testing.T) {
	good := callbacktest.New().StartTask()
	cases := []struct {
		name, token, detail string
	}{
		{"empty", "", "empty token"},
		{"too long", strings.Repeat("A", callback.MaxTokenBytes+1), "exceeds"},
		{"jsonpath placeholder", "$$.Task.Token", "placeholder"},
		{"input path placeholder", "$.taskToken", "placeholder"},
		{"jsonata placeholder", "{% $states.context.Task.Token %}", "placeholder"},
		{"surrounding whitespace", " " + good + "\n", "whitespace"},
		{"inner whitespace", good[:20] + " " + good[20:], "whitespace"},
		{"url encoded", "AQB%2Babc%3D%3D", "URL-encoded"},
		{"quoted", `"` + good + `"`, "quotes"},
		{"non ascii", "AQBé" + good, "non-ASCII"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := callbacktest.New()
			c := newTestClient(t, fake)
			ctx := context.Background()
			for _, err := range []error{
				c.Succeed(ctx, tc.token, "x"),
				c.Fail(ctx, tc.token, "E", "c"),
				c.Heartbeat(ctx, tc.token),
				callback.CheckToken(tc.token),
			} {
				require.ErrorIs(t, err, callback.ErrInvalidToken)
				var ce *callback.Error
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, callback.ErrInvalidToken, ce.Kind)
				assert.Contains(t, err.Error(), tc.detail)
				if tc.token != "" {
					assert.NotContains(t, err.Error(), tc.token)
				}
			}
			assert.Empty(t, fake.Calls(), "refused before any network call")
		})
	}
	require.NoError(t, callback.CheckToken(good))
	assert.NoError(t, callback.CheckToken(strings.Repeat("A", callback.MaxTokenBytes)))
}

func TestCheckTokenMessage(t *testing.T) {
	assert.Equal(t, "callback: invalid task token: empty token",
		callback.CheckToken("").Error())
	assert.Equal(t, "callback: token "+sfnctx.TokenFingerprint("AQB%2Babc")+
		": invalid task token: token is URL-encoded: decode it before sending",
		callback.CheckToken("AQB%2Babc").Error())
}

func TestK10EmptyTokenOrReference(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	store := memstore.New()
	c := newTestClient(t, fake, func(o *callback.Options) { o.Store = store })

	err := c.Succeed(ctx, "", "x")
	require.ErrorIs(t, err, callback.ErrInvalidToken)
	assert.Contains(t, err.Error(), "empty token")

	err = c.SucceedReference(ctx, "", "x")
	require.ErrorIs(t, err, callback.ErrInvalidInput)
	assert.Contains(t, err.Error(), "empty reference")

	err = newTestClient(t, fake).SucceedReference(ctx, "order-1", "x")
	require.ErrorIs(t, err, callback.ErrNotConfigured)
	assert.NotErrorIs(t, err, callback.ErrInvalidInput)
	assert.Contains(t, err.Error(), "Store")

	assert.Empty(t, fake.Calls())
	_, err = store.Get(ctx, "")
	require.Error(t, err, "nothing stored")
}

func TestK07OversizedOutputRefused(t *testing.T) {
	cases := []struct {
		name string
		size int
	}{
		{"300 KiB", 300 << 10},
		{"1.1 MiB", 1153434},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := callbacktest.New()
			token := fake.StartTask()
			output := jsonOfSize(tc.size)

			err := newTestClient(t, fake).SucceedJSON(context.Background(), token, output)

			require.ErrorIs(t, err, callback.ErrInvalidOutput)
			assert.Contains(t, err.Error(), strconv.Itoa(tc.size))
			assert.Contains(t, err.Error(), "262144")
			var ce *callback.Error
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.size, ce.OutputSize)
			assert.Equal(t, callback.MaxOutputBytes, ce.Limit)
			assert.Empty(t, fake.Calls(), "refused before any network call")
		})
	}
}

func TestOutputNotJSONRefused(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()

	err := newTestClient(t, fake).SucceedJSON(context.Background(), token,
		json.RawMessage(`{"unclosed":`))

	require.ErrorIs(t, err, callback.ErrInvalidOutput)
	assert.Contains(t, err.Error(), "not valid JSON")
	assert.Empty(t, fake.Calls())
}

func TestK08FallbackFailureAfterOversizedSuccess(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	token := fake.StartTask()
	c := newTestClient(t, fake)
	output := jsonOfSize(1153434)

	err := c.SucceedJSON(ctx, token, output)
	var ce *callback.Error
	require.ErrorAs(t, err, &ce)
	cause := ce.FallbackCause()
	require.NoError(t, c.Fail(ctx, token, "Output.TooLarge", cause))

	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, task.Status)
	assert.Equal(t, cause, task.Cause, "sent whole: it fits the cause limit")
	assert.Less(t, len(task.Cause), 1024)
	assert.Contains(t, task.Cause, "1153434")
	assert.Contains(t, task.Cause, ce.OutputHash)
	assert.NotContains(t, task.Cause, "xxxxxxxx", "not the payload")
}

func TestK05LongCauseIsCutNotRefused(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	token := fake.StartTask()
	notifier := &recordingNotifier{}
	c := newTestClient(t, fake, func(o *callback.Options) { o.Notifier = notifier })
	cause := strings.Repeat("panic: ünïcødé 錯誤 at frame 🙂\n", 1400) // about 40 KiB

	require.Greater(t, len(cause), 40<<10)
	require.NoError(t, c.Fail(ctx, token, "States.Panic", cause))

	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, task.Status)
	assert.LessOrEqual(t, len(task.Cause), callback.MaxCauseBytes)
	assert.True(t, utf8.ValidString(task.Cause), "cut on a character boundary")
	assert.True(t, strings.HasSuffix(task.Cause, "[truncated]"), "visible marker")
	notices := notifier.Notices()
	require.Len(t, notices, 1)
	assert.Equal(t, "failure_cut", notices[0].Kind)
	assert.Equal(t, cause, notices[0].Extra["cause"], "full text goes to the notification")
}

func TestK06LongErrorCodeIsCut(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()
	code := strings.Repeat("錯", 300)

	require.NoError(t, newTestClient(t, fake).Fail(context.Background(), token, code, "c"))

	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, task.Status)
	assert.LessOrEqual(t, len(task.Error), callback.MaxErrorCodeBytes)
	assert.True(t, utf8.ValidString(task.Error))
	assert.True(t, strings.HasSuffix(task.Error, "[truncated]"))
}

func TestK17LongTokenRedeemed(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	token := "AQB" + strings.Repeat("x", 1997)
	require.Len(t, token, 2000)
	fake.StartTask(func(o *callbacktest.TaskOptions) { o.Token = token })
	store := memstore.New()
	_, err := store.Save(ctx, tokenstore.Record{Reference: "order-17", Token: token})
	require.NoError(t, err)
	c := newTestClient(t, fake, func(o *callback.Options) { o.Store = store })

	require.NoError(t, c.SucceedReference(ctx, "order-17", "ok"))

	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
	rec, err := store.Get(ctx, "order-17")
	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusSucceeded, rec.Status)
}

// jsonOfSize returns a JSON string value of exactly size bytes.
func jsonOfSize(size int) json.RawMessage {
	return json.RawMessage(`"` + strings.Repeat("x", size-2) + `"`)
}

// TestBadArgumentsNeverPanic checks that a nil Step Functions client is
// refused with ErrNotConfigured and a nil context with ErrInvalidInput, not
// a panic.
func TestBadArgumentsNeverPanic(t *testing.T) {
	token := callbacktest.New().StartTask()
	noClient := callback.New(nil)
	withFake := newTestClient(t, callbacktest.New())
	var nilCtx context.Context
	work := func(context.Context) error { return nil }
	ctx := context.Background()
	cases := map[string]struct {
		call func() error
		kind error
	}{
		"nil client, succeed": {func() error { return noClient.Succeed(ctx, token, 1) },
			callback.ErrNotConfigured},
		"nil client, fail": {func() error { return noClient.Fail(ctx, token, "E", "") },
			callback.ErrNotConfigured},
		"nil client, heartbeat": {func() error { return noClient.Heartbeat(ctx, token) },
			callback.ErrNotConfigured},
		"nil context, succeed": {func() error { return withFake.Succeed(nilCtx, token, 1) },
			callback.ErrInvalidInput},
		"nil context, keep alive": {func() error {
			return withFake.KeepAlive(nilCtx, token, time.Second, work)
		}, callback.ErrInvalidInput},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.call() })
			require.ErrorIs(t, err, tc.kind)
		})
	}
}
