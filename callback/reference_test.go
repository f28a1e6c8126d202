package callback_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
	"github.com/tasktoken/tasktoken/tokenstore/tokenstoretest"
)

// refEnv is a fake Step Functions, an in-memory store and a client sharing
// one hand-moved clock.
type refEnv struct {
	clock    *tokenstoretest.Clock
	fake     *callbacktest.Fake
	store    *memstore.Store
	notifier *recordingNotifier
	client   *callback.Client
}

func newRefEnv(t *testing.T, optFns ...func(*callback.Options)) *refEnv {
	t.Helper()
	env := &refEnv{clock: newManualClock(), notifier: &recordingNotifier{}}
	env.fake = callbacktest.New(func(o *callbacktest.Options) { o.Clock = env.clock.Now })
	env.store = memstore.New(func(o *memstore.Options) { o.Clock = env.clock.Now })
	base := func(o *callback.Options) {
		o.Store, o.Clock, o.Notifier = env.store, env.clock.Now, env.notifier
		o.MaxAttempts = 3
	}
	env.client = newTestClient(t, env.fake, append([]func(*callback.Options){base}, optFns...)...)
	return env
}

// save stores a fresh task's token under ref with deadline (zero: unknown)
// and returns the token.
func (env *refEnv) save(t *testing.T, ref string, deadline time.Duration) string {
	t.Helper()
	token := env.fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = deadline })
	env.saveToken(t, ref, token, deadline)
	return token
}

func (env *refEnv) saveToken(t *testing.T, ref, token string, deadline time.Duration) {
	t.Helper()
	rec := tokenstore.Record{Reference: ref, Token: token,
		ExecutionARN: "arn:aws:states:us-east-1:123456789012:execution:loan:run-1",
		StateName:    "WaitForValuation"}
	if deadline > 0 {
		rec.Deadline = env.clock.Now().Add(deadline)
	}
	_, err := env.store.Save(context.Background(), rec)
	require.NoError(t, err)
}

func (env *refEnv) status(t *testing.T, ref string) tokenstore.Status {
	t.Helper()
	rec, err := env.store.Get(context.Background(), ref)
	if err != nil {
		return ""
	}
	return rec.Status
}

// TestDecisionTable has one row per row of the decision table in doc.go:
// the store's state, Step Functions' answer, the error and what is written
// back.
func TestDecisionTable(t *testing.T) {
	for _, tc := range decisionRows() {
		t.Run(tc.name, func(t *testing.T) {
			env := newRefEnv(t, tc.options...)
			tc.setup(t, env)
			env.fake.InjectErrors(tc.inject...)
			before := len(env.notifier.Notices())

			err := env.client.SucceedReference(context.Background(), decisionRef,
				map[string]int{"v": 1})

			if tc.kind == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.kind)
			}
			assert.Equal(t, tc.calls, len(env.fake.Calls()), "calls to Step Functions")
			assert.Equal(t, tc.status, env.status(t, decisionRef), "written back")
			notices := env.notifier.Notices()[before:]
			if tc.notice == "" {
				assert.Empty(t, notices)
				return
			}
			require.Len(t, notices, 1)
			assert.Equal(t, tc.notice, notices[0].Kind)
			assert.Equal(t, decisionRef, notices[0].Reference)
		})
	}
}

// decisionRef is the reference the decision-table rows redeem.
const decisionRef = "valuation-7"

// decisionRow is one row of the decision table: how to reach the store
// state, what Step Functions answers (injected errors, or the fake's own
// answer), and what must follow.
type decisionRow struct {
	name  string
	setup func(t *testing.T, env *refEnv)
	// options, if any, configure the client further.
	options []func(*callback.Options)
	inject  []error
	kind    error
	calls   int
	status  tokenstore.Status
	notice  string
}

func decisionRows() []decisionRow {
	const ref = decisionRef
	saveOpen := func(t *testing.T, env *refEnv) { env.save(t, ref, time.Hour) }
	return []decisionRow{
		{name: "not found", setup: func(*testing.T, *refEnv) {},
			kind: callback.ErrUnknownReference, notice: "unknown_reference"},
		{name: "claimed, lease running", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, 0)
			_, err := env.store.Claim(context.Background(), ref, time.Minute)
			require.NoError(t, err)
		}, kind: callback.ErrInFlight, status: tokenstore.StatusClaimed},
		{name: "succeeded", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, 0)
			require.NoError(t, env.client.SucceedReference(context.Background(), ref, 1))
		}, kind: callback.ErrDuplicate, calls: 1, status: tokenstore.StatusSucceeded,
			notice: "duplicate"},
		{name: "succeeded, same callback again", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, 0)
			require.NoError(t, env.client.SucceedReference(context.Background(), ref,
				map[string]int{"v": 1}))
		}, kind: callback.ErrDuplicate, calls: 1, status: tokenstore.StatusSucceeded},
		{name: "failed", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, 0)
			require.NoError(t, env.client.FailReference(context.Background(), ref, "E", "c"))
		}, kind: callback.ErrDuplicate, calls: 1, status: tokenstore.StatusFailed,
			notice: "duplicate"},
		{name: "late", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, 0)
			env.fake.InjectErrors(&types.TaskTimedOut{})
			require.ErrorIs(t, env.client.SucceedReference(context.Background(), ref, 1),
				callback.ErrLate)
		}, kind: callback.ErrLate, calls: 1, status: tokenstore.StatusLate, notice: "late"},
		{name: "past deadline", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, 2*time.Second)
			env.clock.Advance(3 * time.Second)
		}, kind: callback.ErrLate, status: tokenstore.StatusLate, notice: "late"},
		{name: "past expiry", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, 0)
			env.clock.Advance(tokenstore.DefaultRetention + time.Second)
		}, kind: callback.ErrLate, status: tokenstore.StatusPending, notice: "late"},
		{name: "success", setup: saveOpen,
			calls: 1, status: tokenstore.StatusSucceeded},
		{name: "TaskTimedOut, deadline unknown", setup: func(t *testing.T, env *refEnv) {
			token := env.fake.StartTask(func(o *callbacktest.TaskOptions) {
				o.Timeout = time.Second
			})
			env.saveToken(t, ref, token, 0)
			env.clock.Advance(2 * time.Second)
		}, kind: callback.ErrLate, calls: 1, status: tokenstore.StatusLate, notice: "late"},
		{name: "TaskTimedOut, deadline passed during the send", setup: func(t *testing.T,
			env *refEnv) {
			env.save(t, ref, 2*time.Second)
			// The claim is taken before the deadline; the answer is judged
			// after it.
			env.client = newTestClient(t, env.fake, func(o *callback.Options) {
				o.Store, o.Notifier = env.store, env.notifier
				o.Clock = func() time.Time { return env.clock.Now().Add(5 * time.Second) }
			})
		}, inject: []error{&types.TaskTimedOut{}}, kind: callback.ErrLate, calls: 1,
			status: tokenstore.StatusLate, notice: "late"},
		{name: "TaskTimedOut, deadline ahead", setup: func(t *testing.T, env *refEnv) {
			token := env.save(t, ref, time.Hour)
			require.NoError(t, newTestClient(t, env.fake).Succeed(context.Background(), token, 0))
		}, kind: callback.ErrDuplicate, calls: 2, status: tokenstore.StatusPending,
			notice: "duplicate"},
		{name: "TaskTimedOut, this client sent the token", setup: func(t *testing.T,
			env *refEnv) {
			token := env.save(t, ref, time.Hour)
			require.NoError(t, env.client.Succeed(context.Background(), token, 0))
		}, kind: callback.ErrDuplicate, calls: 2, status: tokenstore.StatusSucceeded,
			notice: "duplicate"},
		{name: "no answer", setup: saveOpen,
			inject: []error{&smithyhttp.RequestSendError{Err: io.ErrUnexpectedEOF}},
			kind:   callback.ErrOutcomeUnknown, calls: 1, status: tokenstore.StatusClaimed,
			notice: "outcome_unknown"},
		{name: "fault, then TaskTimedOut", setup: func(t *testing.T, env *refEnv) {
			env.save(t, ref, time.Hour)
		}, inject: []error{callbacktest.ServiceFault(), &types.TaskTimedOut{}},
			kind: callback.ErrOutcomeUnknown, calls: 2, status: tokenstore.StatusClaimed,
			notice: "outcome_unknown"},
		{name: "InvalidToken", setup: saveOpen,
			inject: []error{&types.InvalidToken{}}, kind: callback.ErrInvalidToken, calls: 1,
			status: tokenstore.StatusPending, notice: "invalid_token"},
		{name: "TaskDoesNotExist", setup: func(t *testing.T, env *refEnv) {
			env.saveToken(t, ref, validToken, time.Hour)
		}, kind: callback.ErrTaskNotFound, calls: 1, status: tokenstore.StatusPending,
			notice: "task_not_found"},
		{name: "InvalidOutput", setup: saveOpen,
			inject: []error{&types.InvalidOutput{}}, kind: callback.ErrInvalidOutput, calls: 1,
			status: tokenstore.StatusPending, notice: "invalid_output"},
		{name: "throttled", setup: saveOpen,
			inject: repeat(callbacktest.Throttling(), 3), kind: callback.ErrSendFailed, calls: 3,
			status: tokenstore.StatusPending, notice: "send_failed"},
		{name: "fault", setup: saveOpen, inject: repeat(callbacktest.ServiceFault(), 3),
			kind: callback.ErrSendFailed, calls: 3, status: tokenstore.StatusPending,
			notice: "send_failed"},
		{name: "KMS", setup: saveOpen,
			inject: []error{&types.KmsAccessDeniedException{}}, kind: callback.ErrSendFailed,
			calls: 1, status: tokenstore.StatusPending, notice: "send_failed"},
		{name: "unknown code", setup: saveOpen,
			inject: []error{callbacktest.APIError("NewException")}, kind: callback.ErrSendFailed,
			calls: 1, status: tokenstore.StatusPending, notice: "send_failed"},
		{name: "stored token fails the checks", setup: func(t *testing.T, env *refEnv) {
			// A record an older writer left with a placeholder for a token.
			env.store.Put(tokenstore.Record{Reference: ref, Token: "$$.Task.Token",
				Status: tokenstore.StatusPending, Attempt: 1})
		}, kind: callback.ErrInvalidToken, status: tokenstore.StatusPending,
			notice: "invalid_token"},
	}
}

func TestK01FailureAfterSuccessNeverReachesStepFunctions(t *testing.T) {
	ctx := context.Background()
	env := newRefEnv(t)
	env.save(t, "order-1", time.Hour)
	require.NoError(t, env.client.SucceedReference(ctx, "order-1", "approved"))
	firstAt := env.clock.Now()
	env.clock.Advance(time.Minute)

	err := env.client.FailReference(ctx, "order-1", "Order.Cancelled", "changed our mind")

	require.ErrorIs(t, err, callback.ErrDuplicate)
	var ce *callback.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, tokenstore.StatusSucceeded, ce.PriorOutcome)
	assert.True(t, ce.PriorAt.Equal(firstAt), "when the first outcome happened")
	assert.Len(t, env.fake.Calls(), 1, "the failure never reached Step Functions")
	assert.Contains(t, err.Error(), "SUCCEEDED")
}

func TestK13LateSuccessByReference(t *testing.T) {
	ctx := context.Background()
	env := newRefEnv(t)
	token := env.fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = 2 * time.Second })
	env.saveToken(t, "valuation-13", token, 0)
	env.clock.Advance(3 * time.Second)

	err := env.client.SucceedReference(ctx, "valuation-13", "too late")

	require.ErrorIs(t, err, callback.ErrLate)
	assert.NotErrorIs(t, err, callback.ErrDuplicate)
	assert.Equal(t, tokenstore.StatusLate, env.status(t, "valuation-13"), "record marked late")
	notices := env.notifier.Notices()
	require.Len(t, notices, 1, "one notification")
	n := notices[0]
	assert.Equal(t, "late", n.Kind)
	assert.Equal(t, "arn:aws:states:us-east-1:123456789012:execution:loan:run-1", n.ExecutionARN)
	assert.Equal(t, "WaitForValuation", n.StateName)
	assert.Equal(t, token, n.Token, "given so the notifier can fingerprint it")
	assert.NotContains(t, n.Description, token)
}

func TestHeartbeatReference(t *testing.T) {
	ctx := context.Background()
	env := newRefEnv(t)
	token := env.save(t, "ref-hb", time.Hour)

	require.NoError(t, env.client.HeartbeatReference(ctx, "ref-hb"))
	require.NoError(t, env.client.SucceedReference(ctx, "ref-hb", 1))
	err := env.client.HeartbeatReference(ctx, "ref-hb")

	require.ErrorIs(t, err, callback.ErrDuplicate)
	task, _ := env.fake.Task(token)
	assert.Equal(t, 1, task.Heartbeats)
	assert.Len(t, env.fake.Calls(), 2, "the last heartbeat was answered from the store")
}

func TestHeartbeatReferencePastDeadline(t *testing.T) {
	env := newRefEnv(t)
	env.save(t, "ref-hb", time.Second)
	env.clock.Advance(2 * time.Second)

	err := env.client.HeartbeatReference(context.Background(), "ref-hb")

	require.ErrorIs(t, err, callback.ErrLate)
	assert.Empty(t, env.fake.Calls())
}

func TestWaitForReferenceCatchesASlowSave(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	fake := callbacktest.New()
	token := fake.StartTask()
	c := newTestClient(t, fake, func(o *callback.Options) {
		o.Store = store
		o.WaitForReference = time.Minute
		o.PollInterval = time.Millisecond
	})
	saved := make(chan error, 1)
	go func() {
		time.Sleep(20 * time.Millisecond)
		_, err := store.Save(ctx, tokenstore.Record{Reference: "fast", Token: token})
		saved <- err
	}()

	require.NoError(t, c.SucceedReference(ctx, "fast", "done"))
	require.NoError(t, <-saved)
	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
}

func TestWaitForReferenceGivesUp(t *testing.T) {
	clock := newManualClock()
	c := newTestClient(t, callbacktest.New(), func(o *callback.Options) {
		o.Store = memstore.New()
		o.Clock = func() time.Time { clock.Advance(time.Second); return clock.Now() }
		o.WaitForReference = 5 * time.Second
		o.PollInterval = time.Millisecond
	})

	err := c.SucceedReference(context.Background(), "never-saved", 1)

	require.ErrorIs(t, err, callback.ErrUnknownReference)
}

func TestWaitForReferenceOffByDefault(t *testing.T) {
	assert.Zero(t, callback.New(callbacktest.New()).Options().WaitForReference)
}
