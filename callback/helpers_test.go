package callback_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/tokenstore/tokenstoretest"
)

// The real SDK client and the fake both fit the narrow interface, and the
// errnotify notifier fits the Notifier one.
var (
	_ callback.API = (*sfn.Client)(nil)
	_ callback.API = (*callbacktest.Fake)(nil)

	_ callback.Notifier = (*errnotify.Notifier)(nil)
)

// quickBackoff keeps retries fast in tests.
type quickBackoff struct{}

func (quickBackoff) BackoffDelay(int, error) (time.Duration, error) {
	return time.Millisecond, nil
}

// newManualClock returns a clock a test moves by hand, at a fixed start.
func newManualClock() *tokenstoretest.Clock {
	return tokenstoretest.NewClock(time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC))
}

// recordingNotifier keeps the notices it is given and fails when told to.
type recordingNotifier struct {
	mu      sync.Mutex
	notices []errnotify.Notice
	err     error
}

func (n *recordingNotifier) Notify(_ context.Context, notice errnotify.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.notices = append(n.notices, notice)
	return n.err
}

func (n *recordingNotifier) Notices() []errnotify.Notice {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]errnotify.Notice(nil), n.notices...)
}

// newTestClient returns a client on api with fast retries, then optFns.
func newTestClient(t *testing.T, api callback.API,
	optFns ...func(*callback.Options)) *callback.Client {
	t.Helper()
	fast := func(o *callback.Options) { o.Backoff = quickBackoff{} }
	return callback.New(api, append([]func(*callback.Options){fast}, optFns...)...)
}

// countOps counts the fake's calls of op.
func countOps(calls []callbacktest.Call, op string) int {
	n := 0
	for _, c := range calls {
		if c.Op == op {
			n++
		}
	}
	return n
}
