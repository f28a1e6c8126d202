package main

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// Compile-time check: the errnotify notifier is what the handler uses.
var _ notifier = (*errnotify.Notifier)(nil)

type recorder struct {
	notices []errnotify.Notice
	ctxs    []context.Context
	err     error
}

func (r *recorder) Notify(ctx context.Context, n errnotify.Notice) error {
	r.notices, r.ctxs = append(r.notices, n), append(r.ctxs, ctx)
	return r.err
}

const timedOut = `{"kind":"timeout","state":"RequestValuation","applicationId":"APP-3",` +
	`"error":{"Error":"States.Timeout","Cause":"state RequestValuation timed out"}`

func TestHandlePublishesOneNotice(t *testing.T) {
	rec := &recorder{}
	h := &handler{notifier: rec}

	require.NoError(t, h.Handle(context.Background(), json.RawMessage(timedOut+`}`)))

	require.Len(t, rec.notices, 1)
	n := rec.notices[0]
	assert.Equal(t, "timeout", n.Kind)
	assert.Equal(t, "RequestValuation", n.StateName)
	assert.Contains(t, n.Description, "APP-3")
	assert.Contains(t, n.Description, "States.Timeout")
	assert.Equal(t, "APP-3", n.Extra["applicationId"])
	_, hasCtx := sfnctx.FromContext(rec.ctxs[0])
	assert.False(t, hasCtx, "no context object was passed")
}

func TestHandleCarriesTheContextObject(t *testing.T) {
	rec := &recorder{}
	h := &handler{notifier: rec}
	const exec = "arn:aws:states:us-east-1:123456789012:execution:LoanValuation:run-1"

	require.NoError(t, h.Handle(context.Background(),
		json.RawMessage(timedOut+`,"ctx":{"Execution":{"Id":"`+exec+`"}}}`)))

	sc, ok := sfnctx.FromContext(rec.ctxs[0])
	require.True(t, ok)
	assert.Equal(t, exec, sc.Execution.ID, "the notifier fills the execution from it")
}

func TestHandleRefusesIncompleteEvents(t *testing.T) {
	for name, raw := range map[string]string{
		"not JSON": `{`, "no kind": `{"error":{"Error":"X"}}`, "no error": `{"kind":"timeout"}`,
	} {
		t.Run(name, func(t *testing.T) {
			rec := &recorder{}
			require.Error(t, (&handler{notifier: rec}).Handle(context.Background(), json.RawMessage(raw)))
			assert.Empty(t, rec.notices)
		})
	}
}

func TestHandleReturnsPublishFailure(t *testing.T) {
	boom := errors.New("sns down")
	h := &handler{notifier: &recorder{err: boom}}
	require.ErrorIs(t, h.Handle(context.Background(), json.RawMessage(timedOut+`}`)), boom)
}
