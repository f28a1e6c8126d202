package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

const token = "AQB8AAAAKgAAAAMAAAAAAAAAAd7mJ3tok3nSecretTokenForTests=="

var now = time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC)

// newTestHandler returns a handler on an in-memory store whose valuation
// service is answer; the service is also handed the store so it can look.
func newTestHandler(t *testing.T, answer func(store tokenstore.Store, req valuation.Request) int,
) (*handler, tokenstore.Store, *int) {
	t.Helper()
	store := memstore.New(func(o *memstore.Options) { o.Clock = func() time.Time { return now } })
	calls := new(int)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*calls++
		var req valuation.Request
		require.NoError(t, json.NewDecoder(r.Body).Decode(&req))
		w.WriteHeader(answer(store, req))
	}))
	t.Cleanup(srv.Close)
	h := &handler{store: store, client: srv.Client(), serviceURL: srv.URL,
		now: func() time.Time { return now }}
	return h, store, calls
}

func payload(ctx string) json.RawMessage {
	return json.RawMessage(`{"application":{"id":"APP-9","applicant":"A. Borrower",` +
		`"amount":200000,"property":{"nameOrNumber":"12","street":"High St"}},` +
		`"timeoutSeconds":30` + ctx + `}`)
}

func TestHandleStoresTokenBeforeAskingTheService(t *testing.T) {
	var seen *tokenstore.Record
	h, store, calls := newTestHandler(t, func(store tokenstore.Store, req valuation.Request) int {
		// The service may call back at once: the token must be stored now.
		rec, err := store.Get(context.Background(), req.Reference)
		require.NoError(t, err)
		seen = rec
		return http.StatusAccepted
	})

	resp, err := h.Handle(context.Background(),
		payload(`,"ctx":{"Task":{"Token":"`+token+`"}}`))
	require.NoError(t, err)

	assert.Equal(t, 1, *calls)
	require.NotNil(t, seen)
	assert.Equal(t, resp.Reference, seen.Reference)
	assert.Equal(t, token, seen.Token)
	assert.Equal(t, tokenstore.StatusPending, seen.Status)
	assert.Equal(t, now.Add(30*time.Second), seen.Deadline, "deadline counted from now locally")
	app, ok := valuation.ApplicationOf(resp.Reference)
	assert.True(t, ok)
	assert.Equal(t, "APP-9", app)

	_, err = store.Get(context.Background(), resp.Reference)
	require.NoError(t, err)
}

func TestHandleRecordsTheContextObject(t *testing.T) {
	var seen *tokenstore.Record
	h, _, _ := newTestHandler(t, func(store tokenstore.Store, req valuation.Request) int {
		seen, _ = store.Get(context.Background(), req.Reference)
		return http.StatusAccepted
	})
	const exec = "arn:aws:states:us-east-1:123456789012:execution:LoanValuation:run-1"
	entered := now.Add(-2 * time.Second)
	_, err := h.Handle(context.Background(), payload(`,"ctx":{`+
		`"Execution":{"Id":"`+exec+`"},`+
		`"State":{"Name":"RequestValuation","RetryCount":1,`+
		`"EnteredTime":"`+entered.Format(time.RFC3339Nano)+`"},`+
		`"StateMachine":{"Id":"arn:aws:states:us-east-1:123456789012:stateMachine:LoanValuation"},`+
		`"Task":{"Token":"`+token+`"}}`))
	require.NoError(t, err)

	require.NotNil(t, seen)
	assert.Equal(t, exec, seen.ExecutionARN)
	assert.Equal(t, "RequestValuation", seen.StateName)
	assert.Equal(t, 1, seen.RetryCount)
	assert.Equal(t, entered.Add(30*time.Second), seen.Deadline, "deadline counted from entry")
}

func TestHandleRefusesEventsWithoutToken(t *testing.T) {
	tests := map[string]string{
		"no ctx":      ``,
		"empty token": `,"ctx":{"Task":{"Token":""}}`,
		"null ctx":    `,"ctx":null`,
	}
	for name, ctx := range tests {
		t.Run(name, func(t *testing.T) {
			h, _, calls := newTestHandler(t, func(tokenstore.Store, valuation.Request) int {
				return http.StatusAccepted
			})
			_, err := h.Handle(context.Background(), payload(ctx))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ctx")
			assert.Zero(t, *calls, "the service is not asked")
		})
	}
}

func TestHandleReportsServiceRefusalWithoutToken(t *testing.T) {
	h, _, _ := newTestHandler(t, func(tokenstore.Store, valuation.Request) int {
		return http.StatusServiceUnavailable
	})
	_, err := h.Handle(context.Background(), payload(`,"ctx":{"Task":{"Token":"`+token+`"}}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "503")
	assert.False(t, strings.Contains(err.Error(), token), "the token never appears in an error")
}

// TestHandleReadsTimeoutAsNumberOrText takes timeoutSeconds as a JSON number
// (the definition as printed by -print-definition) or as the text a
// deployment tool's substitution leaves ("3600").
func TestHandleReadsTimeoutAsNumberOrText(t *testing.T) {
	tests := []struct {
		name, timeout string
		want          time.Time // zero: no deadline
	}{
		{"number", `30`, now.Add(30 * time.Second)},
		{"numeric text", `"30"`, now.Add(30 * time.Second)},
		{"absent", ``, time.Time{}},
		{"null", `null`, time.Time{}},
		{"zero", `0`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen *tokenstore.Record
			h, _, _ := newTestHandler(t, func(store tokenstore.Store, req valuation.Request) int {
				seen, _ = store.Get(context.Background(), req.Reference)
				return http.StatusAccepted
			})
			_, err := h.Handle(context.Background(), eventWithTimeout(tt.timeout))
			require.NoError(t, err)
			require.NotNil(t, seen)
			assert.Equal(t, tt.want, seen.Deadline)
		})
	}
}

func TestHandleRefusesTimeoutThatIsNotWholeSeconds(t *testing.T) {
	for _, timeout := range []string{`"soon"`, `""`, `1.5`, `"1.5"`, `-3`, `true`} {
		t.Run(timeout, func(t *testing.T) {
			h, _, calls := newTestHandler(t, func(tokenstore.Store, valuation.Request) int {
				return http.StatusAccepted
			})
			_, err := h.Handle(context.Background(), eventWithTimeout(timeout))
			require.ErrorContains(t, err, "timeoutSeconds")
			assert.NotContains(t, err.Error(), token)
			assert.Zero(t, *calls, "the service is not asked")
		})
	}
}

// eventWithTimeout returns an event whose timeoutSeconds is the JSON
// timeout, or an event without it when timeout is empty.
func eventWithTimeout(timeout string) json.RawMessage {
	field := ""
	if timeout != "" {
		field = `"timeoutSeconds":` + timeout + `,`
	}
	return json.RawMessage(`{` + field + `"application":{"id":"APP-9","applicant":"A. Borrower",` +
		`"amount":200000,"property":{"nameOrNumber":"12","street":"High St"}},` +
		`"ctx":{"Task":{"Token":"` + token + `"}}}`)
}
