package tokenstoretest

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// NewStore builds the store under test. It reads the current time from
// clock only, and is called once per test.
type NewStore func(t *testing.T, clock func() time.Time) tokenstore.Store

// Run runs the whole suite against the stores newStore builds, each rule in
// a subtest of its own.
func Run(t *testing.T, newStore NewStore) {
	t.Helper()
	tests := []struct {
		name string
		run  func(*fixture)
	}{
		{"SaveClaimComplete", testSaveClaimComplete},
		{"ConcurrentClaimsOneWinner", testConcurrentClaims},
		{"LeaseTakeoverAfterLeaseEnds", testLeaseTakeover},
		{"ConcurrentTakeoverOneWinner", testConcurrentTakeover},
		{"CompleteRacesTakeover", testCompleteRacesTakeover},
		{"ConcurrentSavesCountEachAttempt", testConcurrentSaves},
		{"ConcurrentSameAttemptOneStored", testConcurrentSameAttempt},
		{"UnexpiredClaimBlocksSave", testClaimBlocksSave},
		{"CompletedSurvivesSaveAndClaim", testCompletedSurvives},
		{"DeadlinePassed", testDeadlinePassed},
		{"ExpiryPassedButStored", testExpiryPassed},
		{"MarkLatePastDeadline", testMarkLate},
		{"MarkLateRefused", testMarkLateRefused},
		{"LongTokenRoundTrips", testLongToken},
		{"NewerAttemptReplacesPending", testNewerAttempt},
		{"StaleAttemptSuperseded", testStaleAttempt},
		{"SaveRetriedWithItsAttempt", testSaveRetried},
		{"OnlyHolderCompletesOrReleases", testHolderOnly},
		{"CompleteRetriedBySameHolder", testCompleteRetried},
		{"ReleaseReturnsToPending", testRelease},
		{"MissingRecord", testMissing},
		{"Delete", testDelete},
		{"InvalidInputWritesNothing", testInvalidInput},
		{"NilContextRefused", testNilContext},
		{"CanceledContextWritesNothing", testCanceledContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := NewClock(time.Now().UTC().Truncate(time.Millisecond))
			tt.run(&fixture{
				t:     t,
				ctx:   t.Context(),
				clock: clock,
				store: newStore(t, clock.Now),
			})
		})
	}
}

// fixture is what one test works with.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	clock *Clock
	store tokenstore.Store
}

// reference returns a reference no other test uses.
func (f *fixture) reference() string {
	return "ref-" + f.t.Name() + "-" + rand.Text()
}

// token returns a fresh token-like secret.
func (f *fixture) token() string {
	return "AQB4AAAA" + rand.Text() + rand.Text()
}

func (f *fixture) save(rec tokenstore.Record) *tokenstore.Record {
	f.t.Helper()
	saved, err := f.store.Save(f.ctx, rec)
	require.NoError(f.t, err)
	return saved
}

func (f *fixture) claim(reference string, lease time.Duration) *tokenstore.Record {
	f.t.Helper()
	claimed, err := f.store.Claim(f.ctx, reference, lease)
	require.NoError(f.t, err)
	return claimed
}

func (f *fixture) complete(
	reference, claimID string, outcome tokenstore.Status,
) *tokenstore.Record {
	f.t.Helper()
	done, err := f.store.Complete(f.ctx, reference, claimID,
		tokenstore.Completion{Outcome: outcome})
	require.NoError(f.t, err)
	return done
}

func (f *fixture) get(reference string) *tokenstore.Record {
	f.t.Helper()
	rec, err := f.store.Get(f.ctx, reference)
	require.NoError(f.t, err)
	return rec
}

var sentinels = []error{
	tokenstore.ErrNotFound, tokenstore.ErrInFlight, tokenstore.ErrCompleted,
	tokenstore.ErrExpired, tokenstore.ErrClaimLost, tokenstore.ErrSuperseded,
	tokenstore.ErrNotLate, tokenstore.ErrInvalidInput,
}

// refused checks that err is the refusal of op on reference for reason kind:
// an [*tokenstore.Error] matching kind and no other sentinel, naming the
// operation and the reference, and never showing the token.
func (f *fixture) refused(
	err error, kind error, op, reference, token string,
) *tokenstore.Error {
	f.t.Helper()
	require.ErrorIs(f.t, err, kind)
	for _, other := range sentinels {
		if other != kind {
			assert.NotErrorIs(f.t, err, other)
		}
	}
	var e *tokenstore.Error
	require.ErrorAs(f.t, err, &e)
	assert.Equal(f.t, op, e.Op)
	assert.Equal(f.t, reference, e.Reference)
	if token != "" {
		hidesToken(f.t, err.Error(), token, "a refusal shows the token")
	}
	return e
}

// sameTime checks two times are the same instant, to the millisecond.
func sameTime(t *testing.T, want, got time.Time, field string) {
	t.Helper()
	assert.Equal(t, want.UnixMilli(), got.UnixMilli(), "%s: want %v, got %v", field, want, got)
}
