package lambdawrap_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
	"github.com/tasktoken/tasktoken/tokenstore/tokenstoretest"
)

// TestMain checks that no test leaves a goroutine behind, except the idle
// HTTP connections of the integration test's AWS clients.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"))
}

// quickBackoff keeps the callback client's retries fast in tests.
type quickBackoff struct{}

func (quickBackoff) BackoffDelay(int, error) (time.Duration, error) {
	return time.Millisecond, nil
}

// env is a fake Step Functions, an in-memory store and a callback client
// sharing one hand-moved clock, with the closed-task errors the client
// reported.
type env struct {
	clock  *tokenstoretest.Clock
	fake   *callbacktest.Fake
	store  *memstore.Store
	client *callback.Client

	mu     sync.Mutex
	closed []*callback.Error
}

func newEnv(t *testing.T, optFns ...func(*callback.Options)) *env {
	t.Helper()
	e := &env{clock: tokenstoretest.NewClock(time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC))}
	e.fake = callbacktest.New(func(o *callbacktest.Options) { o.Clock = e.clock.Now })
	e.store = memstore.New(func(o *memstore.Options) { o.Clock = e.clock.Now })
	base := func(o *callback.Options) {
		o.Store, o.Clock, o.Backoff, o.MaxAttempts = e.store, e.clock.Now, quickBackoff{}, 3
		o.OnClosedTask = e.onClosed
	}
	e.client = callback.New(e.fake, append([]func(*callback.Options){base}, optFns...)...)
	return e
}

func (e *env) onClosed(_ context.Context, err *callback.Error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = append(e.closed, err)
}

// closedKinds returns the kinds of the closed-task errors reported so far.
func (e *env) closedKinds() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	kinds := make([]string, 0, len(e.closed))
	for _, err := range e.closed {
		kinds = append(kinds, callback.NoticeKind(err.Kind))
	}
	return kinds
}

// startTask starts a waiting task on the fake and returns its token.
func (e *env) startTask(timeout time.Duration) string {
	return e.fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = timeout })
}

// save starts a task and stores its token under ref with the task's
// deadline (none when timeout is zero), returning the token.
func (e *env) save(t *testing.T, ref string, timeout time.Duration) string {
	t.Helper()
	token := e.startTask(timeout)
	rec := tokenstore.Record{Reference: ref, Token: token, StateName: "WaitForValuation"}
	if timeout > 0 {
		rec.Deadline = e.clock.Now().Add(timeout)
	}
	_, err := e.store.Save(context.Background(), rec)
	require.NoError(t, err)
	return token
}

// sends counts the fake's SendTaskSuccess and SendTaskFailure calls.
func (e *env) sends() int {
	n := 0
	for _, c := range e.fake.Calls() {
		if c.Op == callbacktest.OpSendTaskSuccess || c.Op == callbacktest.OpSendTaskFailure {
			n++
		}
	}
	return n
}

// status returns the stored status of ref.
func (e *env) status(t *testing.T) tokenstore.Status {
	t.Helper()
	rec, err := e.store.Get(context.Background(), "valuation-7")
	require.NoError(t, err)
	return rec.Status
}

// event marshals fields as a Lambda event.
func event(t *testing.T, fields map[string]any) json.RawMessage {
	t.Helper()
	raw, err := json.Marshal(fields)
	require.NoError(t, err)
	return raw
}
