package tokenstoretest

import (
	"sync"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// racers is how many goroutines each race test runs at once.
const racers = 50

// race runs fn racers times at once and returns what each call returned.
func race[T any](fn func(i int) (T, error)) ([]T, []error) {
	var wg sync.WaitGroup
	got := make([]T, racers)
	errs := make([]error, racers)
	for i := range racers {
		wg.Go(func() { got[i], errs[i] = fn(i) })
	}
	wg.Wait()
	return got, errs
}

// testConcurrentTakeover races claims on a record whose lease has just
// ended: exactly one takes it over, and the first holder has lost it.
func testConcurrentTakeover(f *fixture) {
	ref := f.reference()
	f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	first := f.claim(ref, 10*time.Second)
	f.clock.Advance(10 * time.Second)

	wins, errs := race(func(int) (*tokenstore.Record, error) {
		return f.store.Claim(f.ctx, ref, time.Minute)
	})
	var winner *tokenstore.Record
	for i, err := range errs {
		if err == nil {
			require.Nil(f.t, winner, "a second claim took the record over")
			winner = wins[i]
			continue
		}
		f.refused(err, tokenstore.ErrInFlight, "claim", ref, "")
	}
	require.NotNil(f.t, winner, "no claim took the record over")
	assert.NotEqual(f.t, first.ClaimID, winner.ClaimID)
	_, err := f.store.Complete(f.ctx, ref, first.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	f.refused(err, tokenstore.ErrClaimLost, "complete", ref, "")
}

// testCompleteRacesTakeover races the first holder's completion, after its
// lease ended, against claims taking the record over: either the holder
// completes and every claim is refused, or one claim takes over and the
// holder's completion is refused. Never both.
func testCompleteRacesTakeover(f *fixture) {
	ref := f.reference()
	f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	holder := f.claim(ref, time.Second)
	f.clock.Advance(time.Second)

	_, errs := race(func(i int) (*tokenstore.Record, error) {
		if i == racers/2 {
			return f.store.Complete(f.ctx, ref, holder.ClaimID,
				tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
		}
		return f.store.Claim(f.ctx, ref, time.Minute)
	})
	completed, claims := errs[racers/2] == nil, 0
	for i, err := range errs {
		if i != racers/2 && err == nil {
			claims++
		}
	}
	stored := f.get(ref)
	if completed {
		assert.Zero(f.t, claims, "a claim won after the holder completed")
		assert.Equal(f.t, tokenstore.StatusSucceeded, stored.Status)
		return
	}
	f.refused(errs[racers/2], tokenstore.ErrClaimLost, "complete", ref, "")
	assert.Equal(f.t, 1, claims, "claims that won the race")
	assert.Equal(f.t, tokenstore.StatusClaimed, stored.Status)
}

// testConcurrentSaves races saves of new tokens on one reference: each
// counts an attempt of its own, and the stored token is the last attempt's.
func testConcurrentSaves(f *fixture) {
	ref := f.reference()
	tokens := make([]string, racers)
	for i := range tokens {
		tokens[i] = f.token()
	}
	saved, errs := race(func(i int) (*tokenstore.Record, error) {
		return f.store.Save(f.ctx, tokenstore.Record{Reference: ref, Token: tokens[i]})
	})
	attempts := map[int64]string{}
	for i, err := range errs {
		require.NoError(f.t, err)
		attempts[saved[i].Attempt] = tokens[i]
	}
	assert.Len(f.t, attempts, racers, "two saves counted the same attempt")
	stored := f.get(ref)
	assert.Equal(f.t, int64(racers), stored.Attempt)
	sameToken(f.t, attempts[racers], stored.Token, "the stored token is not the last attempt's")
}

// testConcurrentSameAttempt races saves that all name the same attempt:
// exactly one is stored, the others are superseded.
func testConcurrentSameAttempt(f *fixture) {
	ref := f.reference()
	f.save(tokenstore.Record{Reference: ref, Token: f.token(), Attempt: 2})
	tokens := make([]string, racers)
	for i := range tokens {
		tokens[i] = f.token()
	}
	_, errs := race(func(i int) (*tokenstore.Record, error) {
		return f.store.Save(f.ctx, tokenstore.Record{Reference: ref, Token: tokens[i], Attempt: 3})
	})
	winner := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(f.t, -1, winner, "two saves of attempt 3 were both stored")
			winner = i
			continue
		}
		e := f.refused(err, tokenstore.ErrSuperseded, "save", ref, tokens[i])
		assert.Equal(f.t, int64(3), e.Attempt)
	}
	require.NotEqual(f.t, -1, winner, "no save of attempt 3 was stored")
	sameToken(f.t, tokens[winner], f.get(ref).Token)
}
