package tokenstoretest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// testMarkLate checks an open record past its deadline is closed as LATE in
// one write, pending or claimed under a lease that has ended, and that
// marking it again returns the LATE record unchanged.
func testMarkLate(f *fixture) {
	cases := []struct {
		name  string
		claim bool
	}{
		{"pending", false},
		{"claimed, lease ended", true},
	}
	for _, tc := range cases {
		f.t.Run(tc.name, func(t *testing.T) {
			ft := f.sub(t)
			ref, token := ft.reference(), ft.token()
			deadline := ft.clock.Now().Add(30 * time.Second)
			saved := ft.save(tokenstore.Record{Reference: ref, Token: token,
				Deadline: deadline, ExecutionARN: "arn:exec", StateName: "Wait"})
			if tc.claim {
				ft.claim(ref, 10*time.Second)
			}
			ft.clock.Advance(time.Minute)
			late := ft.markLate(ref, saved)

			again, err := ft.store.MarkLate(ft.ctx, ref)
			require.NoError(t, err, "marking a LATE record again")
			sameRecord(t, late, again, "a repeated MarkLate changed the record")
			sameRecord(t, late, ft.get(ref), "the LATE record is not as returned")

			_, err = ft.store.Claim(ft.ctx, ref, time.Minute)
			ft.completedRefusal(err, "claim", ref, token, late)
		})
	}
}

// markLate marks ref late and checks the record is closed at the clock's
// time with saved's facts kept and the claim cleared.
func (f *fixture) markLate(ref string, saved *tokenstore.Record) *tokenstore.Record {
	f.t.Helper()
	now := f.clock.Now()
	late, err := f.store.MarkLate(f.ctx, ref)
	require.NoError(f.t, err)
	assert.Equal(f.t, tokenstore.StatusLate, late.Status)
	sameTime(f.t, now, late.CompletedAt, "CompletedAt")
	assert.Empty(f.t, late.ClaimID, "a LATE record keeps its claim")
	assert.True(f.t, late.LeaseEnd.IsZero(), "a LATE record keeps its lease end")
	assert.True(f.t, late.ExpiresAt.After(now), "a LATE record expires at once")
	assert.Equal(f.t, saved.Attempt, late.Attempt)
	assert.Equal(f.t, saved.ExecutionARN, late.ExecutionARN)
	assert.Equal(f.t, saved.StateName, late.StateName)
	sameTime(f.t, saved.Deadline, late.Deadline, "Deadline")
	sameToken(f.t, saved.Token, late.Token)
	return late
}

// testMarkLateRefused checks each refusal of MarkLate says why and leaves
// the record as it was.
func testMarkLateRefused(f *fixture) {
	cases := []struct {
		name    string
		kind    error
		prepare func(ft *fixture, ref, token string) time.Time
	}{
		{"missing", tokenstore.ErrNotFound, func(*fixture, string, string) time.Time {
			return time.Time{}
		}},
		{"no deadline", tokenstore.ErrNotLate, func(ft *fixture, ref, token string) time.Time {
			ft.save(tokenstore.Record{Reference: ref, Token: token})
			return time.Time{}
		}},
		{"before the deadline", tokenstore.ErrNotLate,
			func(ft *fixture, ref, token string) time.Time {
				deadline := ft.clock.Now().Add(time.Minute)
				ft.save(tokenstore.Record{Reference: ref, Token: token, Deadline: deadline})
				ft.clock.Advance(time.Minute - time.Millisecond)
				return deadline
			}},
		{"unexpired claim", tokenstore.ErrInFlight, func(ft *fixture, ref, token string) time.Time {
			ft.save(tokenstore.Record{Reference: ref, Token: token,
				Deadline: ft.clock.Now().Add(time.Second)})
			ft.claim(ref, time.Minute)
			ft.clock.Advance(2 * time.Second)
			return time.Time{}
		}},
		{"completed", tokenstore.ErrCompleted, func(ft *fixture, ref, token string) time.Time {
			ft.save(tokenstore.Record{Reference: ref, Token: token,
				Deadline: ft.clock.Now().Add(time.Second)})
			ft.complete(ref, ft.claim(ref, time.Minute).ClaimID, tokenstore.StatusSucceeded)
			ft.clock.Advance(2 * time.Second)
			return time.Time{}
		}},
		{"past expiry", tokenstore.ErrExpired, func(ft *fixture, ref, token string) time.Time {
			saved := ft.save(tokenstore.Record{Reference: ref, Token: token,
				Deadline: ft.clock.Now().Add(time.Second)})
			ft.clock.Advance(saved.ExpiresAt.Sub(ft.clock.Now()))
			return saved.ExpiresAt
		}},
	}
	for _, tc := range cases {
		f.t.Run(tc.name, func(t *testing.T) {
			ft := f.sub(t)
			ref, token := ft.reference(), ft.token()
			at := tc.prepare(ft, ref, token)
			before, _ := ft.store.Get(ft.ctx, ref)

			_, err := ft.store.MarkLate(ft.ctx, ref)
			e := ft.refused(err, tc.kind, "mark late", ref, token)
			sameTime(t, at, e.ExpiredAt, "ExpiredAt")
			after, _ := ft.store.Get(ft.ctx, ref)
			if before != nil {
				sameRecord(t, before, after, "a refused MarkLate changed the record")
				assert.NotNil(t, e.Record, "the refusal carries no record")
			}
		})
	}
}
