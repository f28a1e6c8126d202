package callbacktest_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/callback/internal/kumotask"
	"github.com/tasktoken/tasktoken/sfnctx"
)

var _ callback.API = (*callbacktest.Fake)(nil)

// engine is a place where tasks wait for tokens: the fake, or kumo.
type engine interface {
	api() callback.API
	// start begins a waiting task with the given timeouts in seconds (0:
	// none) and returns its token.
	start(t *testing.T, timeoutSeconds, heartbeatSeconds int) string
	// pass lets d go by.
	pass(d time.Duration)
}

type fakeEngine struct {
	mu   sync.Mutex
	now  time.Time
	fake *callbacktest.Fake
}

func newFakeEngine() *fakeEngine {
	e := &fakeEngine{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	e.fake = callbacktest.New(func(o *callbacktest.Options) { o.Clock = e.clock })
	return e
}

func (e *fakeEngine) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *fakeEngine) api() callback.API { return e.fake }

func (e *fakeEngine) start(_ *testing.T, timeout, heartbeat int) string {
	return e.fake.StartTask(func(o *callbacktest.TaskOptions) {
		o.Timeout = time.Duration(timeout) * time.Second
		o.HeartbeatTimeout = time.Duration(heartbeat) * time.Second
	})
}

func (e *fakeEngine) pass(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

type kumoEngine struct{ client *sfn.Client }

func (e *kumoEngine) api() callback.API { return e.client }

func (e *kumoEngine) start(t *testing.T, timeout, heartbeat int) string {
	m := kumotask.New(t, kumotask.Options{TimeoutSeconds: timeout, HeartbeatSeconds: heartbeat})
	e.client = m.SFN
	_, token := m.Start(t)
	return token
}

func (e *kumoEngine) pass(d time.Duration) { time.Sleep(d) }

// step is one call in a scenario and the answer expected: nil, or an error
// of the type of want.
type step struct {
	op   string
	wait time.Duration
	want error
}

func success(want error) step   { return step{op: "success", want: want} }
func failure(want error) step   { return step{op: "failure", want: want} }
func heartbeat(want error) step { return step{op: "heartbeat", want: want} }

func after(d time.Duration, s step) step { s.wait = d; return s }

// scenarios are the token semantics both the fake and kumo must show.
var scenarios = []struct {
	name               string
	timeout, heartbeat int
	steps              []step
}{
	{"success once", 0, 0, []step{success(nil)}},
	{"success twice", 0, 0, []step{success(nil), success(&types.TaskTimedOut{})}},
	{"failure then success", 0, 0, []step{failure(nil), success(&types.TaskTimedOut{})}},
	{"heartbeat after success", 0, 0, []step{success(nil), heartbeat(&types.TaskTimedOut{})}},
	// HeartbeatSeconds is set: kumo v0.33.1 crashes on a heartbeat for a
	// state without it (a nil timer in awaitTaskToken).
	{"heartbeats then success", 0, 60, []step{heartbeat(nil), heartbeat(nil), success(nil)}},
	{"success after timeout", 1, 0,
		[]step{after(2*time.Second, success(&types.TaskTimedOut{}))}},
	{"heartbeats keep the task alive", 0, 2, []step{
		after(time.Second, heartbeat(nil)), after(time.Second, heartbeat(nil)),
		after(time.Second, heartbeat(nil)), after(time.Second, success(nil))}},
	{"heartbeat missed", 0, 1,
		[]step{after(2*time.Second, heartbeat(&types.TaskTimedOut{}))}},
}

func TestFakeMatchesKumo(t *testing.T) {
	engines := map[string]func() engine{
		"fake": func() engine { return newFakeEngine() },
		"kumo": func() engine { return &kumoEngine{} },
	}
	for engineName, newEngine := range engines {
		t.Run(engineName, func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					t.Parallel()
					e := newEngine()
					token := e.start(t, sc.timeout, sc.heartbeat)
					for i, s := range sc.steps {
						e.pass(s.wait)
						err := call(e.api(), s.op, token)
						assertAnswer(t, s.want, err, "step %d (%s)", i, s.op)
					}
				})
			}
		})
	}
}

func TestFakeAndKumoUnknownToken(t *testing.T) {
	const neverIssued = "AQCEAAAAKgAAAAMAAAAAAAAAAXRoaXMtdG9rZW4td2FzLW5ldmVyLWlzc3VlZA=="
	for name, api := range map[string]func(t *testing.T) callback.API{
		"fake": func(*testing.T) callback.API { return callbacktest.New() },
		"kumo": func(t *testing.T) callback.API { return kumotask.New(t, kumotask.Options{}).SFN },
	} {
		t.Run(name, func(t *testing.T) {
			err := call(api(t), "success", neverIssued)
			assertAnswer(t, &types.TaskDoesNotExist{}, err, "never issued")
		})
	}
}

// call makes one raw SDK call, without package callback in between.
func call(api callback.API, op, token string) error {
	ctx := context.Background()
	var err error
	switch op {
	case "success":
		_, err = api.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{
			TaskToken: aws.String(token), Output: aws.String(`{"ok":true}`)})
	case "failure":
		_, err = api.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{
			TaskToken: aws.String(token), Error: aws.String("E"), Cause: aws.String("c")})
	default:
		_, err = api.SendTaskHeartbeat(ctx, &sfn.SendTaskHeartbeatInput{
			TaskToken: aws.String(token)})
	}
	return err
}

func assertAnswer(t *testing.T, want, got error, msgAndArgs ...any) {
	t.Helper()
	switch want.(type) {
	case nil:
		require.NoError(t, got, msgAndArgs...)
	case *types.TaskTimedOut:
		require.ErrorAs(t, got, new(*types.TaskTimedOut), msgAndArgs...)
	case *types.TaskDoesNotExist:
		require.ErrorAs(t, got, new(*types.TaskDoesNotExist), msgAndArgs...)
	default:
		t.Fatalf("unhandled expectation %T", want)
	}
}

// The cases below are what kumo cannot show (it accepts any output and never
// answers InvalidToken), checked on the fake alone.

func TestFakeInvalidToken(t *testing.T) {
	for _, token := range []string{"", "has spaces in it", strings.Repeat("A", 2049)} {
		err := call(callbacktest.New(), "success", token)
		require.ErrorAs(t, err, new(*types.InvalidToken))
	}
}

func TestFakeInvalidOutput(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()

	_, err := fake.SendTaskSuccess(context.Background(), &sfn.SendTaskSuccessInput{
		TaskToken: aws.String(token), Output: aws.String("not json")})

	require.ErrorAs(t, err, new(*types.InvalidOutput))
	state, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusWaiting, state.Status, "still waiting")
}

func TestFakeRecordsCallsWithoutTokens(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()
	fake.InjectErrors(callbacktest.Throttling())

	_ = call(fake, "heartbeat", token)
	_ = call(fake, "success", token)

	calls := fake.Calls()
	require.Len(t, calls, 2)
	assert.Equal(t, callbacktest.OpSendTaskHeartbeat, calls[0].Op)
	assert.Error(t, calls[0].Err)
	assert.Equal(t, callbacktest.OpSendTaskSuccess, calls[1].Op)
	assert.NoError(t, calls[1].Err)
	assert.Equal(t, `{"ok":true}`, calls[1].Output)
	for _, c := range calls {
		assert.NotContains(t, c.String(), token)
		assert.Contains(t, c.String(), sfnctx.TokenFingerprint(token))
	}
}

func TestFakeHonoursRetryer(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()
	fake.InjectErrors(callbacktest.Throttling(), callbacktest.Throttling())
	c := callback.New(fake, func(o *callback.Options) { o.Backoff = noBackoff{} })

	require.NoError(t, c.Succeed(context.Background(), token, 1))
	assert.Len(t, fake.Calls(), 3)
}

type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

// TestFakeRefusesMissingParameters checks that, like the SDK's validation,
// a nil input or a missing token (or output) is refused with
// smithy.InvalidParamsError before any call is made, and never panics.
func TestFakeRefusesMissingParameters(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	token := fake.StartTask()
	cases := map[string]func() error{
		"nil success": func() error { _, err := fake.SendTaskSuccess(ctx, nil); return err },
		"nil failure": func() error { _, err := fake.SendTaskFailure(ctx, nil); return err },
		"nil heartbeat": func() error {
			_, err := fake.SendTaskHeartbeat(ctx, nil)
			return err
		},
		"success without output": func() error {
			_, err := fake.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: &token})
			return err
		},
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = call() })
			require.ErrorAs(t, err, new(smithy.InvalidParamsError))
		})
	}
	assert.Empty(t, fake.Calls(), "nothing reached the fake's tasks")
	state, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusWaiting, state.Status)
}
