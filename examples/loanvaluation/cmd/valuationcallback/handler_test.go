package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

var secret = []byte("webhook-secret")

// clock is a hand-moved clock shared by the fake, the store and the client.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// notices records the notices the callback client publishes.
type notices struct {
	mu   sync.Mutex
	list []errnotify.Notice
}

func (n *notices) Notify(_ context.Context, notice errnotify.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, notice)
	return nil
}

func (n *notices) kinds() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var kinds []string
	for _, x := range n.list {
		kinds = append(kinds, x.Kind)
	}
	return kinds
}

// webhookHandler is the Lambda handler main starts.
type webhookHandler = func(context.Context, events.APIGatewayV2HTTPRequest) (
	events.APIGatewayV2HTTPResponse, error)

type fixture struct {
	handle  webhookHandler
	fake    *callbacktest.Fake
	store   tokenstore.Store
	clock   *clock
	notices *notices
	log     *bytes.Buffer
}

// newFixture wires the webhook as main does, on the fake Step Functions
// API and the in-memory store.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{clock: &clock{now: time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC)},
		notices: &notices{}, log: &bytes.Buffer{}}
	f.fake = callbacktest.New(func(o *callbacktest.Options) { o.Clock = f.clock.Now })
	f.store = memstore.New(func(o *memstore.Options) { o.Clock = f.clock.Now })
	logger := slog.New(slog.NewTextHandler(f.log, nil))
	client := callback.New(f.fake, func(o *callback.Options) {
		o.Store, o.Notifier, o.Logger, o.Clock = f.store, f.notices, logger, f.clock.Now
	})
	receiver := lambdawrap.NewReceiver(client, receiverOptions(logger))
	f.handle = receiver.HTTPAPI((&webhook{secret: secret, logger: logger}).extract)
	return f
}

// waiting starts a task that times out after timeout and stores its token
// under reference, as the RequestValuation Lambda does.
func (f *fixture) waiting(t *testing.T, reference string, timeout time.Duration) string {
	t.Helper()
	token := f.fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = timeout })
	_, err := f.store.Save(context.Background(), tokenstore.Record{
		Reference: reference, Token: token, Deadline: f.clock.Now().Add(timeout),
	})
	require.NoError(t, err)
	return token
}

// call delivers a callback signed with key and returns the webhook's answer.
func (f *fixture) call(t *testing.T, cb valuation.Callback, key []byte,
) (int, lambdawrap.ReplyBody) {
	t.Helper()
	body, err := json.Marshal(cb)
	require.NoError(t, err)
	return f.send(t, events.APIGatewayV2HTTPRequest{
		Body:    string(body),
		Headers: map[string]string{"x-valuation-signature": valuation.Sign(key, body)},
	})
}

// send hands req to the webhook and decodes its answer.
func (f *fixture) send(t *testing.T, req events.APIGatewayV2HTTPRequest,
) (int, lambdawrap.ReplyBody) {
	t.Helper()
	resp, err := f.handle(context.Background(), req)
	require.NoError(t, err)
	var reply lambdawrap.ReplyBody
	require.NoError(t, json.Unmarshal([]byte(resp.Body), &reply))
	return resp.StatusCode, reply
}

func valued(reference string) valuation.Callback {
	return valuation.Callback{Reference: reference, Outcome: valuation.OutcomeValued,
		Valuation: &valuation.Valuation{Amount: 250_000, Surveyor: "S. Urveyor"}}
}

func TestBadSignatureRedeemsNothing(t *testing.T) {
	f := newFixture(t)
	token := f.waiting(t, "APP-1-V1", time.Minute)

	status, reply := f.call(t, valued("APP-1-V1"), []byte("not-the-secret"))

	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "the signature does not match the body", reply.Message)
	assert.Empty(t, f.fake.Calls(), "nothing reached Step Functions")
	rec, err := f.store.Get(context.Background(), "APP-1-V1")
	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusPending, rec.Status, "the token is still redeemable")
	state, _ := f.fake.Task(token)
	assert.Equal(t, callbacktest.StatusWaiting, state.Status)
}

func TestUnsignedAndMalformedCallbacks(t *testing.T) {
	f := newFixture(t)
	body := `{"reference":"APP-1-V1","outcome":"valued"}`
	tests := []struct {
		name string
		req  events.APIGatewayV2HTTPRequest
		want int
	}{
		{"no signature", events.APIGatewayV2HTTPRequest{Body: body}, http.StatusUnauthorized},
		{"empty event", events.APIGatewayV2HTTPRequest{}, http.StatusBadRequest},
		{"not JSON", signed(`{`), http.StatusBadRequest},
		{"no reference", signed(`{"outcome":"valued","valuation":{"amount":1}}`),
			http.StatusBadRequest},
		{"unknown outcome", signed(`{"reference":"APP-1-V1","outcome":"maybe"}`),
			http.StatusBadRequest},
		{"bad base64", events.APIGatewayV2HTTPRequest{Body: "%%", IsBase64Encoded: true},
			http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _ := f.send(t, tt.req)
			assert.Equal(t, tt.want, status)
		})
	}
	assert.Empty(t, f.fake.Calls())
}

func signed(body string) events.APIGatewayV2HTTPRequest {
	return events.APIGatewayV2HTTPRequest{Body: body,
		Headers: map[string]string{valuation.SignatureHeader: valuation.Sign(secret, []byte(body))}}
}

func TestBase64BodyIsVerifiedAsSent(t *testing.T) {
	f := newFixture(t)
	token := f.waiting(t, "APP-1-V1", time.Minute)
	body, err := json.Marshal(valued("APP-1-V1"))
	require.NoError(t, err)

	status, _ := f.send(t, events.APIGatewayV2HTTPRequest{
		Body:            base64.StdEncoding.EncodeToString(body),
		IsBase64Encoded: true,
		Headers:         map[string]string{"X-Valuation-Signature": valuation.Sign(secret, body)},
	})
	assert.Equal(t, http.StatusOK, status)
	state, _ := f.fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, state.Status)
}

func TestCallbackOutcomes(t *testing.T) {
	revalued := valued("APP-1-V1")
	revalued.Valuation = &valuation.Valuation{Amount: 199_000, Surveyor: "Another Surveyor"}
	tests := []struct {
		name        string
		play        func(t *testing.T, f *fixture) (int, lambdawrap.ReplyBody)
		wantStatus  int
		wantReply   string // ReplyBody.Status
		wantTask    callbacktest.Status
		wantSends   int // calls that reached Step Functions
		wantNotices []string
	}{
		{"valued", func(t *testing.T, f *fixture) (int, lambdawrap.ReplyBody) {
			return f.call(t, valued("APP-1-V1"), secret)
		}, http.StatusOK, "succeeded", callbacktest.StatusSucceeded, 1, nil},
		{"failed valuation", func(t *testing.T, f *fixture) (int, lambdawrap.ReplyBody) {
			return f.call(t, valuation.Callback{Reference: "APP-1-V1",
				Outcome: valuation.OutcomeFailed, Reason: "subsidence"}, secret)
		}, http.StatusOK, "failed", callbacktest.StatusFailed, 1, nil},
		// The same callback again is answered from the store, as done: a
		// replay, not a duplicate, so nobody is notified.
		{"redelivered", func(t *testing.T, f *fixture) (int, lambdawrap.ReplyBody) {
			status, _ := f.call(t, valued("APP-1-V1"), secret)
			require.Equal(t, http.StatusOK, status)
			status, reply := f.call(t, valued("APP-1-V1"), secret)
			assert.True(t, reply.Replayed)
			return status, reply
		}, http.StatusOK, "succeeded", callbacktest.StatusSucceeded, 1, nil},
		// Another outcome for a completed task is a duplicate.
		{"duplicate", func(t *testing.T, f *fixture) (int, lambdawrap.ReplyBody) {
			status, _ := f.call(t, valued("APP-1-V1"), secret)
			require.Equal(t, http.StatusOK, status)
			status, reply := f.call(t, revalued, secret)
			assert.Equal(t, "SUCCEEDED", reply.PriorOutcome)
			return status, reply
		}, http.StatusConflict, "duplicate", callbacktest.StatusSucceeded, 1,
			[]string{"duplicate"}},
		// Past the stored deadline the store answers: no send at all.
		{"late", func(t *testing.T, f *fixture) (int, lambdawrap.ReplyBody) {
			f.clock.Advance(2 * time.Minute)
			return f.call(t, valued("APP-1-V1"), secret)
		}, http.StatusGone, "late", callbacktest.StatusTimedOut, 0, []string{"late"}},
		{"unknown reference", func(t *testing.T, f *fixture) (int, lambdawrap.ReplyBody) {
			return f.call(t, valued("APP-1-V1-unknown"), secret)
		}, http.StatusNotFound, "unknown_reference", callbacktest.StatusWaiting, 0,
			[]string{"unknown_reference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			token := f.waiting(t, "APP-1-V1", time.Minute)

			status, reply := tt.play(t, f)

			assert.Equal(t, tt.wantStatus, status)
			assert.Equal(t, tt.wantReply, reply.Status)
			assert.Len(t, f.fake.Calls(), tt.wantSends)
			state, _ := f.fake.Task(token)
			assert.Equal(t, tt.wantTask, state.Status)
			if tt.wantTask == callbacktest.StatusFailed {
				assert.Equal(t, valuation.ErrorValuationFailed, state.Error)
			}
			assert.Equal(t, tt.wantNotices, f.notices.kinds())
			assert.NotContains(t, f.log.String(), token, "the token never reaches a log line")
		})
	}
}

func TestOversizedValuationFailsTheTask(t *testing.T) {
	f := newFixture(t)
	token := f.waiting(t, "APP-1-V1", time.Minute)
	cb := valued("APP-1-V1")
	cb.Valuation.Surveyor = strings.Repeat("é", 150_000) // 300 KB of output

	for _, delivery := range []string{"first", "redelivered"} {
		status, reply := f.call(t, cb, secret)

		assert.Equal(t, http.StatusRequestEntityTooLarge, status, delivery)
		assert.Equal(t, "output_refused", reply.Status, delivery)
		assert.Contains(t, reply.Message, valuation.ErrorOutputRefused, delivery)
	}
	require.Len(t, f.fake.Calls(), 1, "one failure sent, not resent for the redelivery")
	state, _ := f.fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, state.Status, "the execution does not hang")
	assert.Equal(t, valuation.ErrorOutputRefused, state.Error)
	assert.Contains(t, state.Cause, "sha256")
	assert.Less(t, len(state.Cause), 1024, "the cause holds no payload")
	assert.NotContains(t, state.Cause, "S. Urveyor", "nor any of the valuation")
	assert.Equal(t, []string{"invalid_output"}, f.notices.kinds(),
		"one notice for the refused valuation; its redelivery is a replay")
	assert.Contains(t, f.log.String(), "413 output_refused")
	assert.NotContains(t, f.log.String(), token)
}
