package callback_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/internal/kumotask"
	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

func TestKumoSuccessCompletesExecution(t *testing.T) {
	t.Parallel()
	m := kumotask.New(t, kumotask.Options{})
	exec, token := m.Start(t)
	c := callback.New(m.SFN)

	require.NoError(t, c.Succeed(context.Background(), token, map[string]any{"value": 250000}))

	out := m.Wait(t, exec)
	assert.Equal(t, sfntypes.ExecutionStatusSucceeded, out.Status)
	assert.JSONEq(t, `{"value":250000}`, aws.ToString(out.Output))
}

func TestKumoFailureCompletesExecution(t *testing.T) {
	t.Parallel()
	m := kumotask.New(t, kumotask.Options{})
	exec, token := m.Start(t)
	c := callback.New(m.SFN)

	require.NoError(t, c.Fail(context.Background(), token, "Valuation.Rejected", "below floor"))

	out := m.Wait(t, exec)
	assert.Equal(t, sfntypes.ExecutionStatusFailed, out.Status)
	assert.Equal(t, "Valuation.Rejected", aws.ToString(out.Error))
	assert.Equal(t, "below floor", aws.ToString(out.Cause))
}

func TestKumoK02SecondSuccessIsTyped(t *testing.T) {
	t.Parallel()
	m := kumotask.New(t, kumotask.Options{})
	exec, token := m.Start(t)
	c := callback.New(m.SFN)
	ctx := context.Background()
	require.NoError(t, c.Succeed(ctx, token, 1))

	err := c.Succeed(ctx, token, 2)

	require.ErrorIs(t, err, callback.ErrDuplicate)
	require.ErrorAs(t, err, new(*sfntypes.TaskTimedOut))
	assert.Equal(t, sfntypes.ExecutionStatusSucceeded, m.Wait(t, exec).Status)
}

func TestKumoUnknownTokenIsTaskNotFound(t *testing.T) {
	t.Parallel()
	m := kumotask.New(t, kumotask.Options{})

	err := callback.New(m.SFN).Succeed(context.Background(), validToken, 1)

	require.ErrorIs(t, err, callback.ErrTaskNotFound)
}

func TestKumoK13LateAfterTimeout(t *testing.T) {
	t.Parallel()
	for name, store := range kumoStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testKumoK13(t, store)
		})
	}
}

func testKumoK13(t *testing.T, store tokenstore.Store) {
	ctx := context.Background()
	m := kumotask.New(t, kumotask.Options{TimeoutSeconds: 2})
	notifier := &recordingNotifier{}
	c := callback.New(m.SFN, func(o *callback.Options) { o.Store, o.Notifier = store, notifier })
	execKnown, tokenKnown := m.Start(t)
	execUnknown, tokenUnknown := m.Start(t)
	saveForKumo(t, store, "deadline-known", tokenKnown, execKnown, time.Now().Add(2*time.Second))
	saveForKumo(t, store, "deadline-unknown", tokenUnknown, execUnknown, time.Time{})
	assert.Equal(t, sfntypes.ExecutionStatusFailed, m.Wait(t, execKnown).Status)
	assert.Equal(t, sfntypes.ExecutionStatusFailed, m.Wait(t, execUnknown).Status)

	errKnown := c.SucceedReference(ctx, "deadline-known", "too late")
	errUnknown := c.SucceedReference(ctx, "deadline-unknown", "too late")

	require.ErrorIs(t, errKnown, callback.ErrLate, "answered by the store")
	assert.NotErrorIs(t, errKnown, callback.ErrDuplicate)
	require.ErrorIs(t, errUnknown, callback.ErrLate, "answered by Step Functions")
	require.ErrorAs(t, errUnknown, new(*sfntypes.TaskTimedOut))
	for _, ref := range []string{"deadline-known", "deadline-unknown"} {
		rec, err := store.Get(ctx, ref)
		require.NoError(t, err)
		assert.Equal(t, tokenstore.StatusLate, rec.Status, "record %s marked late", ref)
	}
	notices := notifier.Notices()
	require.Len(t, notices, 2, "one notification each")
	for _, n := range notices {
		assert.Equal(t, "late", n.Kind)
		assert.NotEmpty(t, n.ExecutionARN)
		assert.Equal(t, "WaitForCallback", n.StateName)
	}
}

func TestKumoK03FiftyDeliveriesCompleteOnce(t *testing.T) {
	t.Parallel()
	for name, store := range kumoStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testKumoK03(t, store)
		})
	}
}

func testKumoK03(t *testing.T, store tokenstore.Store) {
	ctx := context.Background()
	m := kumotask.New(t, kumotask.Options{})
	exec, token := m.Start(t)
	saveForKumo(t, store, "order-50", token, exec, time.Now().Add(time.Hour))
	api := &countingAPI{API: m.SFN}
	c := callback.New(api, func(o *callback.Options) { o.Store = store })

	errs := make([]error, 50)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = c.SucceedReference(ctx, "order-50", map[string]int{"i": i}) })
	}
	wg.Wait()

	assert.EqualValues(t, 1, api.successes.Load(), "one SendTaskSuccess reached the engine")
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, callback.ErrDuplicate), errors.Is(err, callback.ErrInFlight):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	assert.Equal(t, 1, ok)
	assert.Equal(t, sfntypes.ExecutionStatusSucceeded, m.Wait(t, exec).Status)
}

// TestKumoK12HeartbeatsKeepTaskAlive runs alone (not parallel) so that
// goleak sees only its own goroutines.
func TestKumoK12HeartbeatsKeepTaskAlive(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent(),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("internal/poll.runtime_pollWait"))
	ctx := context.Background()
	m := kumotask.New(t, kumotask.Options{HeartbeatSeconds: 2})
	exec, token := m.Start(t)
	c := callback.New(m.SFN)

	err := c.KeepAlive(ctx, token, callback.HeartbeatInterval(2),
		func(ctx context.Context) error {
			select {
			case <-time.After(6 * time.Second):
				return nil
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		})

	require.NoError(t, err)
	assert.Equal(t, sfntypes.ExecutionStatusRunning, m.Status(t, exec), "alive after 6 s")
	require.NoError(t, c.Succeed(ctx, token, "done"))
	assert.Equal(t, sfntypes.ExecutionStatusSucceeded, m.Wait(t, exec).Status)
}

func TestKumoHeartbeatMissedEndsTask(t *testing.T) {
	t.Parallel()
	m := kumotask.New(t, kumotask.Options{HeartbeatSeconds: 1})
	exec, token := m.Start(t)
	assert.Equal(t, sfntypes.ExecutionStatusFailed, m.Wait(t, exec).Status)

	err := callback.New(m.SFN).Heartbeat(context.Background(), token)

	require.ErrorIs(t, err, callback.ErrLate)
}

// kumoStores returns the stores the integration tests redeem through: the
// in-memory one and the DynamoDB one on a fresh table of the engine.
func kumoStores(t *testing.T) map[string]tokenstore.Store {
	t.Helper()
	ddb := dynamodb.NewFromConfig(enginetest.Config(t))
	table := enginetest.Name("callback")
	require.NoError(t, tokenstore.CreateTable(context.Background(), ddb, table))
	t.Cleanup(func() {
		_, _ = ddb.DeleteTable(context.Background(),
			&dynamodb.DeleteTableInput{TableName: aws.String(table)})
	})
	return map[string]tokenstore.Store{
		"memstore": memstore.New(),
		"dynamodb": tokenstore.New(ddb, table),
	}
}

// saveForKumo stores token under ref with the state name of the kumotask
// machine.
func saveForKumo(t *testing.T, store tokenstore.Store, ref, token, exec string,
	deadline time.Time) {
	t.Helper()
	_, err := store.Save(context.Background(), tokenstore.Record{Reference: ref, Token: token,
		ExecutionARN: exec, StateName: "WaitForCallback", Deadline: deadline})
	require.NoError(t, err)
}

// countingAPI counts the SendTaskSuccess calls that reach the engine.
type countingAPI struct {
	callback.API
	successes atomic.Int64
}

func (c *countingAPI) SendTaskSuccess(ctx context.Context, in *sfn.SendTaskSuccessInput,
	optFns ...func(*sfn.Options)) (*sfn.SendTaskSuccessOutput, error) {
	c.successes.Add(1)
	return c.API.SendTaskSuccess(ctx, in, optFns...)
}
