package callback_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// opStore records the name of every store method called through it.
type opStore struct {
	tokenstore.Store
	mu  sync.Mutex
	ops []string
}

func (s *opStore) called(op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops = append(s.ops, op)
}

// take returns the methods called since the last take.
func (s *opStore) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ops := s.ops
	s.ops = nil
	return ops
}

func (s *opStore) Claim(
	ctx context.Context, ref string, lease time.Duration,
) (*tokenstore.Record, error) {
	s.called("Claim")
	return s.Store.Claim(ctx, ref, lease)
}

func (s *opStore) MarkLate(ctx context.Context, ref string) (*tokenstore.Record, error) {
	s.called("MarkLate")
	return s.Store.MarkLate(ctx, ref)
}

func (s *opStore) Complete(
	ctx context.Context, ref, claimID string, c tokenstore.Completion,
) (*tokenstore.Record, error) {
	s.called("Complete")
	return s.Store.Complete(ctx, ref, claimID, c)
}

func (s *opStore) Release(ctx context.Context, ref, claimID string) error {
	s.called("Release")
	return s.Store.Release(ctx, ref, claimID)
}

func (s *opStore) Get(ctx context.Context, ref string) (*tokenstore.Record, error) {
	s.called("Get")
	return s.Store.Get(ctx, ref)
}

// TestK13LateWithStoredDeadline follows K13 with the deadline stored: a
// success after it is ErrLate, not a duplicate, and marks the record LATE
// with one write and one notice, without calling Step Functions; a second
// late callback finds the record LATE and writes nothing.
func TestK13LateWithStoredDeadline(t *testing.T) {
	ctx := context.Background()
	env := newRefEnv(t)
	store := &opStore{Store: env.store}
	client := newTestClient(t, env.fake, func(o *callback.Options) {
		o.Store, o.Clock, o.Notifier = store, env.clock.Now, env.notifier
	})
	token := env.save(t, "valuation-13", 2*time.Second)
	env.clock.Advance(3 * time.Second)

	lateErr := client.SucceedReference(ctx, "valuation-13", "too late")

	require.ErrorIs(t, lateErr, callback.ErrLate)
	assert.NotErrorIs(t, lateErr, callback.ErrDuplicate)
	assert.NotContains(t, lateErr.Error(), "mark late", "marking late failed")
	assert.Equal(t, []string{"Claim", "MarkLate"}, store.take(), "one claim, one write")
	rec, err := env.store.Get(ctx, "valuation-13")
	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusLate, rec.Status, "record marked late")
	assert.Equal(t, env.clock.Now(), rec.CompletedAt)
	assert.Empty(t, env.fake.Calls(), "a known-late callback reached Step Functions")
	notices := env.notifier.Notices()
	require.Len(t, notices, 1, "one notification")
	assert.Equal(t, "late", notices[0].Kind)
	assert.Equal(t, "arn:aws:states:us-east-1:123456789012:execution:loan:run-1",
		notices[0].ExecutionARN)
	assert.Equal(t, "WaitForValuation", notices[0].StateName)
	assert.NotContains(t, notices[0].Description, token)
	assert.NotContains(t, lateErr.Error(), token)

	env.clock.Advance(time.Minute)
	err = client.FailReference(ctx, "valuation-13", "Valuation.Late", "again")

	require.ErrorIs(t, err, callback.ErrLate)
	assert.NotErrorIs(t, err, callback.ErrDuplicate)
	assert.Equal(t, []string{"Claim"}, store.take(), "a second late callback wrote")
	again, err := env.store.Get(ctx, "valuation-13")
	require.NoError(t, err)
	assert.Equal(t, rec.CompletedAt, again.CompletedAt, "the LATE record changed")
	assert.Empty(t, env.fake.Calls())
	// Each late callback is reported, as the decision table's LATE row says.
	require.Len(t, env.notifier.Notices(), 2)
	assert.Equal(t, "late", env.notifier.Notices()[1].Kind)
}

// TestHeartbeatReferencePastDeadlineReadsOnly checks a heartbeat after the
// stored deadline is ErrLate from one read and leaves the record open: a
// heartbeat never writes the record.
func TestHeartbeatReferencePastDeadlineReadsOnly(t *testing.T) {
	ctx := context.Background()
	env := newRefEnv(t)
	store := &opStore{Store: env.store}
	client := newTestClient(t, env.fake, func(o *callback.Options) {
		o.Store, o.Clock = store, env.clock.Now
	})
	env.save(t, "ref-hb", time.Second)
	env.clock.Advance(2 * time.Second)

	err := client.HeartbeatReference(ctx, "ref-hb")

	require.ErrorIs(t, err, callback.ErrLate)
	assert.Equal(t, []string{"Get"}, store.take())
	assert.Equal(t, tokenstore.StatusPending, env.status(t, "ref-hb"))
	assert.Empty(t, env.fake.Calls())
}
