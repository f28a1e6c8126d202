package tokenstoretest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// testCompletedSurvives checks nothing but its expiry reopens a completed
// record, and each refusal says the outcome and when it happened.
func testCompletedSurvives(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	f.save(tokenstore.Record{Reference: ref, Token: token})
	claimed := f.claim(ref, time.Minute)
	done := f.complete(ref, claimed.ClaimID, tokenstore.StatusSucceeded)
	f.clock.Advance(2 * time.Hour)

	newer := f.token()
	_, err := f.store.Save(f.ctx, tokenstore.Record{Reference: ref, Token: newer})
	f.completedRefusal(err, "save", ref, newer, done)
	_, err = f.store.Save(f.ctx, tokenstore.Record{Reference: ref, Token: newer, Attempt: 9})
	f.completedRefusal(err, "save", ref, newer, done)
	_, err = f.store.Claim(f.ctx, ref, time.Minute)
	f.completedRefusal(err, "claim", ref, token, done)
	_, err = f.store.Complete(f.ctx, ref, claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusFailed})
	f.completedRefusal(err, "complete", ref, token, done)
	err = f.store.Release(f.ctx, ref, claimed.ClaimID)
	f.completedRefusal(err, "release", ref, token, done)

	sameRecord(t, done, f.get(ref), "a refused operation changed the completed record")
}

func (f *fixture) completedRefusal(err error, op, ref, token string, done *tokenstore.Record) {
	f.t.Helper()
	e := f.refused(err, tokenstore.ErrCompleted, op, ref, token)
	assert.Equal(f.t, done.Status, e.Status)
	sameTime(f.t, done.CompletedAt, e.CompletedAt, "CompletedAt")
	assert.Contains(f.t, err.Error(), string(done.Status))
	// The refusal carries the completed record, so a caller needs no read
	// to learn the first outcome.
	if assert.NotNil(f.t, e.Record, "the refusal carries no record") {
		assert.Equal(f.t, done.Status, e.Record.Status)
		assert.Equal(f.t, done.OutputHash, e.Record.OutputHash)
		assert.Equal(f.t, done.ErrorCode, e.Record.ErrorCode)
		sameTime(f.t, done.CompletedAt, e.Record.CompletedAt, "Record.CompletedAt")
	}
}

// testDeadlinePassed checks a record is refused once its deadline has passed,
// whether it passed before the save or after it, while it is still stored.
func testDeadlinePassed(f *fixture) {
	t := f.t
	now := f.clock.Now()
	cases := []struct {
		name     string
		deadline time.Time
		advance  time.Duration
	}{
		{"before save", now.Add(-time.Second), 0},
		{"at the deadline", now.Add(30 * time.Second), 30 * time.Second},
		{"after save", now.Add(30 * time.Second), time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ft := f.sub(t)
			ref, token := ft.reference(), ft.token()
			ft.save(tokenstore.Record{Reference: ref, Token: token, Deadline: tc.deadline})
			ft.clock.Advance(tc.advance)

			_, err := ft.store.Claim(ft.ctx, ref, time.Minute)
			e := ft.refused(err, tokenstore.ErrExpired, "claim", ref, token)
			sameTime(t, tc.deadline, e.ExpiredAt, "ExpiredAt")
			assert.Equal(t, tokenstore.StatusPending, ft.get(ref).Status)
		})
	}
}

// testExpiryPassed checks a record whose expiry (its TTL) has passed is
// refused although the table still holds it, and that a save replaces it,
// completed or not.
func testExpiryPassed(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	saved := f.save(tokenstore.Record{Reference: ref, Token: token})
	f.clock.Advance(saved.ExpiresAt.Sub(f.clock.Now()) - time.Millisecond)
	f.release(f.claim(ref, time.Minute))

	f.clock.Advance(time.Millisecond)
	_, err := f.store.Claim(f.ctx, ref, time.Minute)
	e := f.refused(err, tokenstore.ErrExpired, "claim", ref, token)
	sameTime(t, saved.ExpiresAt, e.ExpiredAt, "ExpiredAt")
	sameToken(t, token, f.get(ref).Token, "Get hides a stored expired record")

	// An expired record counts as gone: a save starts it again, even after
	// completion.
	renewed := f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	assert.Equal(t, tokenstore.StatusPending, renewed.Status)
	done := f.complete(ref, f.claim(ref, time.Minute).ClaimID, tokenstore.StatusSucceeded)
	f.clock.Advance(done.ExpiresAt.Sub(f.clock.Now()))
	again := f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	assert.Equal(t, tokenstore.StatusPending, again.Status)
	assert.True(t, again.CompletedAt.IsZero(), "a new attempt keeps the old completion")
}

func (f *fixture) release(claimed *tokenstore.Record) {
	f.t.Helper()
	require.NoError(f.t, f.store.Release(f.ctx, claimed.Reference, claimed.ClaimID))
}

// testLongToken stores and redeems tokens of 2,000 bytes (field case K17)
// and of the 2,048-byte maximum.
func testLongToken(f *fixture) {
	for _, size := range []int{2000, tokenstore.MaxTokenBytes} {
		ref := f.reference()
		token := strings.Repeat("AQB4", size/4)[:size]
		sameToken(f.t, token, f.save(tokenstore.Record{Reference: ref, Token: token}).Token)
		sameToken(f.t, token, f.get(ref).Token)
		claimed := f.claim(ref, time.Minute)
		sameToken(f.t, token, claimed.Token)
		sameToken(f.t, token, f.complete(ref, claimed.ClaimID, tokenstore.StatusSucceeded).Token)
	}
}

// testNewerAttempt checks a save over a pending record replaces its token
// and counts one more attempt.
func testNewerAttempt(f *fixture) {
	t := f.t
	ref := f.reference()
	first := f.save(tokenstore.Record{Reference: ref, Token: f.token(), StateName: "Wait"})
	assert.Equal(t, int64(1), first.Attempt)

	f.clock.Advance(time.Second)
	newer := f.token()
	second := f.save(tokenstore.Record{Reference: ref, Token: newer})
	assert.Equal(t, int64(2), second.Attempt)
	sameToken(t, newer, second.Token)
	assert.Empty(t, second.StateName, "a field of the older attempt survived")
	sameTime(t, f.clock.Now(), second.CreatedAt, "CreatedAt")
	sameToken(t, newer, f.claim(ref, time.Minute).Token)
}

// testStaleAttempt checks a save naming an attempt that is not newer than
// the stored one is refused and changes nothing.
func testStaleAttempt(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	saved := f.save(tokenstore.Record{Reference: ref, Token: token, Attempt: 5})
	assert.Equal(t, int64(5), saved.Attempt)

	for _, attempt := range []int64{5, 3} {
		stale := f.token()
		rec := tokenstore.Record{Reference: ref, Token: stale, Attempt: attempt}
		_, err := f.store.Save(f.ctx, rec)
		e := f.refused(err, tokenstore.ErrSuperseded, "save", ref, stale)
		assert.Equal(t, int64(5), e.Attempt)
	}
	sameToken(t, token, f.get(ref).Token, "a superseded save changed the token")

	newer := f.save(tokenstore.Record{Reference: ref, Token: f.token(), Attempt: 6})
	assert.Equal(t, int64(6), newer.Attempt)
	assert.Equal(t, int64(7), f.save(tokenstore.Record{Reference: ref, Token: f.token()}).Attempt)
}

// testHolderOnly checks only the holder of the current claim completes or
// releases a record.
func testHolderOnly(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	f.save(tokenstore.Record{Reference: ref, Token: token})
	succeed := tokenstore.Completion{Outcome: tokenstore.StatusSucceeded}

	// Nobody holds a pending record.
	_, err := f.store.Complete(f.ctx, ref, "not-a-claim", succeed)
	f.refused(err, tokenstore.ErrClaimLost, "complete", ref, token)
	err = f.store.Release(f.ctx, ref, "not-a-claim")
	f.refused(err, tokenstore.ErrClaimLost, "release", ref, token)

	claimed := f.claim(ref, time.Minute)
	_, err = f.store.Complete(f.ctx, ref, "not-a-claim", succeed)
	e := f.refused(err, tokenstore.ErrClaimLost, "complete", ref, token)
	assert.Equal(t, tokenstore.StatusClaimed, e.Status)
	err = f.store.Release(f.ctx, ref, "not-a-claim")
	f.refused(err, tokenstore.ErrClaimLost, "release", ref, token)
	sameRecord(t, claimed, f.get(ref), "a refused holder changed the record")

	// The holder keeps the claim after its lease until someone takes over.
	f.clock.Advance(2 * time.Minute)
	f.complete(ref, claimed.ClaimID, tokenstore.StatusLate)
}

// testMissing checks every operation on a reference never saved.
func testMissing(f *fixture) {
	ref := f.reference()
	_, err := f.store.Claim(f.ctx, ref, time.Minute)
	f.refused(err, tokenstore.ErrNotFound, "claim", ref, "")
	_, err = f.store.Complete(f.ctx, ref, "claim",
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	f.refused(err, tokenstore.ErrNotFound, "complete", ref, "")
	err = f.store.Release(f.ctx, ref, "claim")
	f.refused(err, tokenstore.ErrNotFound, "release", ref, "")
	_, err = f.store.Get(f.ctx, ref)
	f.refused(err, tokenstore.ErrNotFound, "get", ref, "")
	require.NoError(f.t, f.store.Delete(f.ctx, ref), "deleting a missing record")
}

// testDelete checks a deleted record is gone and its reference can start
// again at attempt 1.
func testDelete(f *fixture) {
	ref := f.reference()
	f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	require.NoError(f.t, f.store.Delete(f.ctx, ref))
	_, err := f.store.Get(f.ctx, ref)
	f.refused(err, tokenstore.ErrNotFound, "get", ref, "")
	assert.Equal(f.t, int64(1), f.save(tokenstore.Record{Reference: ref, Token: f.token()}).Attempt)
}

// testCompleteRetried checks a holder that completes again with the same
// completion — its first write went through but the answer was lost, and
// the SDK or the caller retried — gets the completed record back, while a
// different completion, another claim or a release is still refused and
// nothing changes.
func testCompleteRetried(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	f.save(tokenstore.Record{Reference: ref, Token: token})
	claimed := f.claim(ref, time.Minute)
	failure := tokenstore.Completion{Outcome: tokenstore.StatusFailed, ErrorCode: "Val.Rejected"}
	done, err := f.store.Complete(f.ctx, ref, claimed.ClaimID, failure)
	require.NoError(t, err)

	f.clock.Advance(time.Second)
	again, err := f.store.Complete(f.ctx, ref, claimed.ClaimID, failure)
	require.NoError(t, err, "a retried completion was refused")
	sameRecord(t, done, again)

	for _, other := range []tokenstore.Completion{
		{Outcome: tokenstore.StatusFailed, ErrorCode: "Val.Other"},
		{Outcome: tokenstore.StatusLate},
	} {
		_, err = f.store.Complete(f.ctx, ref, claimed.ClaimID, other)
		f.completedRefusal(err, "complete", ref, token, done)
	}
	_, err = f.store.Complete(f.ctx, ref, "not-the-claim", failure)
	f.completedRefusal(err, "complete", ref, token, done)
	sameRecord(t, done, f.get(ref), "a retried completion changed the record")
}
