package tokenstoretest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// call is one store method called on a reference with a given context.
type call struct {
	op  string
	run func(ctx context.Context, s tokenstore.Store, ref string) error
}

// everyCall calls each method of a store once, with valid arguments.
var everyCall = []call{
	{"save", func(ctx context.Context, s tokenstore.Store, ref string) error {
		_, err := s.Save(ctx, tokenstore.Record{Reference: ref, Token: "AQB4AAAAnewer"})
		return err
	}},
	{"claim", func(ctx context.Context, s tokenstore.Store, ref string) error {
		_, err := s.Claim(ctx, ref, time.Minute)
		return err
	}},
	{"complete", func(ctx context.Context, s tokenstore.Store, ref string) error {
		_, err := s.Complete(ctx, ref, "claim",
			tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
		return err
	}},
	{"release", func(ctx context.Context, s tokenstore.Store, ref string) error {
		return s.Release(ctx, ref, "claim")
	}},
	{"mark late", func(ctx context.Context, s tokenstore.Store, ref string) error {
		_, err := s.MarkLate(ctx, ref)
		return err
	}},
	{"get", func(ctx context.Context, s tokenstore.Store, ref string) error {
		_, err := s.Get(ctx, ref)
		return err
	}},
	{"delete", func(ctx context.Context, s tokenstore.Store, ref string) error {
		return s.Delete(ctx, ref)
	}},
}

// testNilContext checks every method refuses a nil context as invalid input
// instead of panicking, and changes nothing.
func testNilContext(f *fixture) {
	ref, token := f.reference(), f.token()
	saved := f.save(tokenstore.Record{Reference: ref, Token: token})
	var nilCtx context.Context
	for _, c := range everyCall {
		f.t.Run(c.op, func(t *testing.T) {
			ft := f.sub(t)
			var err error
			require.NotPanics(t, func() { err = c.run(nilCtx, ft.store, ref) })
			ft.refused(err, tokenstore.ErrInvalidInput, c.op, ref, token)
			sameRecord(t, saved, ft.get(ref), "a call without context changed the record")
		})
	}
}

// testCanceledContext checks every method called with a canceled context
// fails with an [*tokenstore.Error] that matches context.Canceled and no
// sentinel, and changes nothing.
func testCanceledContext(f *fixture) {
	ref, token := f.reference(), f.token()
	saved := f.save(tokenstore.Record{Reference: ref, Token: token})
	canceled, cancel := context.WithCancel(f.ctx)
	cancel()
	for _, c := range everyCall {
		f.t.Run(c.op, func(t *testing.T) {
			err := c.run(canceled, f.store, ref)
			require.ErrorIs(t, err, context.Canceled)
			for _, sentinel := range sentinels {
				assert.NotErrorIs(t, err, sentinel)
			}
			var e *tokenstore.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, c.op, e.Op)
			assert.Equal(t, ref, e.Reference)
			assert.Nil(t, e.Kind)
			hidesToken(t, err.Error(), token)
			sameRecord(t, saved, f.sub(t).get(ref), "a canceled call changed the record")
		})
	}
}
