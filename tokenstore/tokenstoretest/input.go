package tokenstoretest

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// testInvalidInput checks bad input is refused with ErrInvalidInput before
// anything is written, among it every token tokenstore.CheckToken refuses:
// Step Functions would refuse it when the callback comes.
func testInvalidInput(f *fixture) {
	ref := f.reference()
	longRef := strings.Repeat("r", tokenstore.MaxReferenceBytes+1)
	longToken := strings.Repeat("t", tokenstore.MaxTokenBytes+1)
	saves := []struct {
		name string
		rec  tokenstore.Record
	}{
		{"empty reference", tokenstore.Record{Token: f.token()}},
		{"reference too long", tokenstore.Record{Reference: longRef, Token: f.token()}},
		{"empty token", tokenstore.Record{Reference: ref}},
		{"token too long", tokenstore.Record{Reference: ref, Token: longToken}},
		{"reference not UTF-8", tokenstore.Record{Reference: "ref-\xff", Token: f.token()}},
		{"token not UTF-8", tokenstore.Record{Reference: ref, Token: "AQB4\xc3"}},
		{"token with a trailing newline", tokenstore.Record{Reference: ref,
			Token: f.token() + "\n"}},
		{"token with a leading space", tokenstore.Record{Reference: ref, Token: " " + f.token()}},
		{"quoted token", tokenstore.Record{Reference: ref, Token: `"` + f.token() + `"`}},
		{"URL-encoded token", tokenstore.Record{Reference: ref, Token: "AQB4%2Btok%3D%3D"}},
		{"JSONPath placeholder token", tokenstore.Record{Reference: ref,
			Token: "$$.Task.Token"}},
		{"JSONata placeholder token", tokenstore.Record{Reference: ref,
			Token: "{% $states.context.Task.Token %}"}},
		{"negative attempt", tokenstore.Record{Reference: ref, Token: f.token(), Attempt: -1}},
		{"attempt too large", tokenstore.Record{Reference: ref, Token: f.token(),
			Attempt: math.MaxInt64}},
		{"negative retry count", tokenstore.Record{Reference: ref, Token: f.token(),
			RetryCount: -1}},
		{"state name not UTF-8", tokenstore.Record{Reference: ref, Token: f.token(),
			StateName: "Wait\xff"}},
		{"execution ARN too long", tokenstore.Record{Reference: ref, Token: f.token(),
			ExecutionARN: strings.Repeat("a", tokenstore.MaxFieldBytes+1)}},
		{"deadline at the Unix epoch", tokenstore.Record{Reference: ref, Token: f.token(),
			Deadline: time.Unix(0, 0)}},
		{"entered time before 1970", tokenstore.Record{Reference: ref, Token: f.token(),
			EnteredTime: time.Unix(-5, 0)}},
	}
	for _, tc := range saves {
		f.t.Run("save "+tc.name, func(t *testing.T) {
			_, err := f.store.Save(f.ctx, tc.rec)
			f.sub(t).refused(err, tokenstore.ErrInvalidInput, "save",
				tc.rec.Reference, tc.rec.Token)
			f.sub(t).nothingStored(tc.rec.Reference)
		})
	}

	f.t.Run("claim", func(t *testing.T) {
		ft := f.sub(t)
		for _, lease := range []time.Duration{0, -time.Second, time.Microsecond} {
			_, err := ft.store.Claim(ft.ctx, ref, lease)
			ft.refused(err, tokenstore.ErrInvalidInput, "claim", ref, "")
		}
		for _, bad := range []string{"", longRef} {
			_, err := ft.store.Claim(ft.ctx, bad, time.Minute)
			ft.refused(err, tokenstore.ErrInvalidInput, "claim", bad, "")
		}
	})

	f.t.Run("holder", func(t *testing.T) { testInvalidHolder(f.sub(t), ref) })

	f.t.Run("mark late, get and delete", func(t *testing.T) {
		ft := f.sub(t)
		for _, bad := range []string{"", longRef} {
			_, err := ft.store.MarkLate(ft.ctx, bad)
			ft.refused(err, tokenstore.ErrInvalidInput, "mark late", bad, "")
			_, err = ft.store.Get(ft.ctx, bad)
			ft.refused(err, tokenstore.ErrInvalidInput, "get", bad, "")
			ft.refused(ft.store.Delete(ft.ctx, bad), tokenstore.ErrInvalidInput, "delete", bad, "")
		}
	})
}

// testInvalidHolder checks bad completions and claim ids are refused
// and leave the claimed record on ref as it was.
func testInvalidHolder(f *fixture, ref string) {
	saved := f.save(tokenstore.Record{Reference: ref, Token: f.token()})
	_, err := f.store.Claim(f.ctx, ref, 0)
	f.refused(err, tokenstore.ErrInvalidInput, "claim", ref, "")
	claimed := f.claim(ref, time.Minute)
	_, err = f.store.Complete(f.ctx, ref, claimed.ClaimID,
		tokenstore.Completion{Outcome: "DONE"})
	f.refused(err, tokenstore.ErrInvalidInput, "complete", ref, saved.Token)
	_, err = f.store.Complete(f.ctx, ref, claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusPending})
	f.refused(err, tokenstore.ErrInvalidInput, "complete", ref, saved.Token)
	_, err = f.store.Complete(f.ctx, ref, "",
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	f.refused(err, tokenstore.ErrInvalidInput, "complete", ref, saved.Token)
	for _, c := range []tokenstore.Completion{
		{Outcome: tokenstore.StatusFailed, ErrorCode: "Valuation.\xc3"},
		{Outcome: tokenstore.StatusSucceeded,
			OutputHash: strings.Repeat("h", tokenstore.MaxFieldBytes+1)},
	} {
		_, err = f.store.Complete(f.ctx, ref, claimed.ClaimID, c)
		f.refused(err, tokenstore.ErrInvalidInput, "complete", ref, saved.Token)
	}
	err = f.store.Release(f.ctx, ref, "")
	f.refused(err, tokenstore.ErrInvalidInput, "release", ref, saved.Token)
	for _, claimID := range []string{
		"claim-\xff", strings.Repeat("c", tokenstore.MaxFieldBytes+1),
	} {
		_, err = f.store.Complete(f.ctx, ref, claimID,
			tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
		f.refused(err, tokenstore.ErrInvalidInput, "complete", ref, saved.Token)
		err = f.store.Release(f.ctx, ref, claimID)
		f.refused(err, tokenstore.ErrInvalidInput, "release", ref, saved.Token)
	}
	sameRecord(f.t, claimed, f.get(ref), "refused input changed the record")
}

// sub returns the fixture for a subtest.
func (f *fixture) sub(t *testing.T) *fixture {
	ft := *f
	ft.t = t
	return &ft
}

// nothingStored checks no record exists for reference (which may itself be
// invalid, in which case there is nothing to look up).
func (f *fixture) nothingStored(reference string) {
	f.t.Helper()
	if tokenstore.ValidateReference("get", reference) != nil {
		return
	}
	_, err := f.store.Get(f.ctx, reference)
	assert.ErrorIs(f.t, err, tokenstore.ErrNotFound, "a refused save wrote a record")
}
