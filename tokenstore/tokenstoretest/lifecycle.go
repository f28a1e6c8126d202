package tokenstoretest

import (
	"sync"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// testSaveClaimComplete walks one record through its whole life and checks
// every field is kept.
func testSaveClaimComplete(f *fixture) {
	t := f.t
	now := f.clock.Now()
	in := tokenstore.Record{
		Reference:       f.reference(),
		Token:           f.token(),
		ExecutionARN:    "arn:aws:states:us-east-1:123456789012:execution:loan:run-1",
		StateMachineARN: "arn:aws:states:us-east-1:123456789012:stateMachine:loan",
		StateName:       "WaitForValuation",
		EnteredTime:     now.Add(-time.Second),
		RetryCount:      2,
		Deadline:        now.Add(time.Hour),
	}
	saved := f.save(in)
	assert.Equal(t, in.Reference, saved.Reference)
	sameToken(t, in.Token, saved.Token)
	assert.Equal(t, tokenstore.StatusPending, saved.Status)
	assert.Equal(t, int64(1), saved.Attempt)
	assert.Equal(t, in.ExecutionARN, saved.ExecutionARN)
	assert.Equal(t, in.StateMachineARN, saved.StateMachineARN)
	assert.Equal(t, in.StateName, saved.StateName)
	assert.Equal(t, in.RetryCount, saved.RetryCount)
	sameTime(t, in.EnteredTime, saved.EnteredTime, "EnteredTime")
	sameTime(t, in.Deadline, saved.Deadline, "Deadline")
	sameTime(t, now, saved.CreatedAt, "CreatedAt")
	assert.True(t, saved.ExpiresAt.After(in.Deadline), "expiry %v before deadline", saved.ExpiresAt)
	assert.Empty(t, saved.ClaimID)
	sameRecord(t, saved, f.get(in.Reference), "Get differs from what Save returned")

	f.clock.Advance(time.Second)
	claimed := f.claim(in.Reference, time.Minute)
	assert.Equal(t, tokenstore.StatusClaimed, claimed.Status)
	sameToken(t, in.Token, claimed.Token)
	assert.NotEmpty(t, claimed.ClaimID)
	sameTime(t, f.clock.Now().Add(time.Minute), claimed.LeaseEnd, "LeaseEnd")
	sameRecord(t, claimed, f.get(in.Reference), "Get differs from what Claim returned")

	f.clock.Advance(time.Second)
	done, err := f.store.Complete(f.ctx, in.Reference, claimed.ClaimID, tokenstore.Completion{
		Outcome:    tokenstore.StatusFailed,
		ErrorCode:  "Valuation.Rejected",
		OutputHash: "sha256:ab12",
	})
	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusFailed, done.Status)
	assert.Equal(t, "Valuation.Rejected", done.ErrorCode)
	assert.Equal(t, "sha256:ab12", done.OutputHash)
	sameTime(t, f.clock.Now(), done.CompletedAt, "CompletedAt")
	sameToken(t, in.Token, done.Token)
	assert.Equal(t, in.ExecutionARN, done.ExecutionARN)
	assert.True(t, done.ExpiresAt.After(done.CompletedAt))
	sameRecord(t, done, f.get(in.Reference), "Get differs from what Complete returned")
}

// testConcurrentClaims races 200 claims on one reference: exactly one wins
// and every other one is told the record is in flight until the lease ends.
func testConcurrentClaims(f *fixture) {
	const claimers = 200
	ref := f.reference()
	f.save(tokenstore.Record{Reference: ref, Token: f.token()})

	var wg sync.WaitGroup
	errs := make([]error, claimers)
	wins := make([]*tokenstore.Record, claimers)
	for i := range claimers {
		wg.Go(func() { wins[i], errs[i] = f.store.Claim(f.ctx, ref, time.Minute) })
	}
	wg.Wait()

	var winner *tokenstore.Record
	for i, err := range errs {
		if err == nil {
			require.Nil(f.t, winner, "a second claim won")
			winner = wins[i]
			continue
		}
		e := f.refused(err, tokenstore.ErrInFlight, "claim", ref, "")
		assert.False(f.t, e.LeaseEnd.IsZero(), "in-flight refusal without lease end")
	}
	require.NotNil(f.t, winner, "no claim won")
	assert.Equal(f.t, winner.ClaimID, f.get(ref).ClaimID)
}

// testLeaseTakeover checks a claim is taken over exactly when its lease ends,
// and that the first holder has lost it then.
func testLeaseTakeover(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	f.save(tokenstore.Record{Reference: ref, Token: token})
	first := f.claim(ref, 10*time.Second)

	f.clock.Advance(10*time.Second - time.Millisecond)
	_, err := f.store.Claim(f.ctx, ref, time.Minute)
	e := f.refused(err, tokenstore.ErrInFlight, "claim", ref, token)
	sameTime(t, first.LeaseEnd, e.LeaseEnd, "LeaseEnd")
	assert.Equal(t, tokenstore.StatusClaimed, e.Status)

	f.clock.Advance(time.Millisecond)
	second := f.claim(ref, time.Minute)
	assert.NotEqual(t, first.ClaimID, second.ClaimID)
	sameToken(t, token, second.Token)

	_, err = f.store.Complete(f.ctx, ref, first.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	f.refused(err, tokenstore.ErrClaimLost, "complete", ref, token)
	err = f.store.Release(f.ctx, ref, first.ClaimID)
	f.refused(err, tokenstore.ErrClaimLost, "release", ref, token)
	f.complete(ref, second.ClaimID, tokenstore.StatusSucceeded)
}

// testClaimBlocksSave checks a save waits for an unexpired claim, and
// replaces the record once the lease has ended.
func testClaimBlocksSave(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	f.save(tokenstore.Record{Reference: ref, Token: token})
	claimed := f.claim(ref, 5*time.Second)

	newer := f.token()
	_, err := f.store.Save(f.ctx, tokenstore.Record{Reference: ref, Token: newer})
	e := f.refused(err, tokenstore.ErrInFlight, "save", ref, newer)
	sameTime(t, claimed.LeaseEnd, e.LeaseEnd, "LeaseEnd")
	sameToken(t, token, f.get(ref).Token, "a refused save changed the token")

	f.clock.Advance(5 * time.Second)
	saved := f.save(tokenstore.Record{Reference: ref, Token: newer})
	assert.Equal(t, int64(2), saved.Attempt)
	assert.Equal(t, tokenstore.StatusPending, saved.Status)
	assert.Empty(t, saved.ClaimID)
	assert.True(t, saved.LeaseEnd.IsZero())

	_, err = f.store.Complete(f.ctx, ref, claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	f.refused(err, tokenstore.ErrClaimLost, "complete", ref, newer)
}

// testRelease checks a released record can be claimed again at once.
func testRelease(f *fixture) {
	t := f.t
	ref := f.reference()
	f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	first := f.claim(ref, time.Hour)
	require.NoError(t, f.store.Release(f.ctx, ref, first.ClaimID))

	rec := f.get(ref)
	assert.Equal(t, tokenstore.StatusPending, rec.Status)
	assert.Empty(t, rec.ClaimID)
	assert.True(t, rec.LeaseEnd.IsZero())

	second := f.claim(ref, time.Hour)
	assert.NotEqual(t, first.ClaimID, second.ClaimID)
	f.complete(ref, second.ClaimID, tokenstore.StatusSucceeded)
}

// testSaveRetried checks a save naming its attempt that is sent again — its
// first write went through but the answer was lost — gets the stored record
// back instead of being told a newer attempt is stored.
func testSaveRetried(f *fixture) {
	t := f.t
	ref, token := f.reference(), f.token()
	rec := tokenstore.Record{Reference: ref, Token: token, Attempt: 3, StateName: "Wait"}
	saved := f.save(rec)

	f.clock.Advance(time.Second)
	again, err := f.store.Save(f.ctx, rec)
	require.NoError(t, err, "a retried save was refused")
	sameRecord(t, saved, again)
	sameRecord(t, saved, f.get(ref), "a retried save changed the record")

	other := tokenstore.Record{Reference: ref, Token: f.token(), Attempt: 3}
	_, err = f.store.Save(f.ctx, other)
	f.refused(err, tokenstore.ErrSuperseded, "save", ref, other.Token)
}
