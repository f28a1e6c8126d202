package lambdawrap_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

const ref = "valuation-7"

// webhook is the body a valuation service posts: a success with a value
// or a failure with a code and reason.
type webhook struct {
	Reference string          `json:"reference"`
	Value     json.RawMessage `json:"value,omitempty"`
	Code      string          `json:"code,omitempty"`
	Reason    string          `json:"reason,omitempty"`
}

// extractWebhook reads a webhook body; a body that is not JSON is
// refused with 400, one signed "bad" with 401; a body whose code is
// "secrets-down" fails as if the signing secret could not be read (a
// plain error, 500), one whose code is "later" is refused with 503.
func extractWebhook(body string) (lambdawrap.Callback, error) {
	var w webhook
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		return lambdawrap.Callback{}, lambdawrap.Reject(400, "body is not JSON", err)
	}
	switch w.Code {
	case "bad-signature":
		return lambdawrap.Callback{}, lambdawrap.Reject(401, "signature does not match", nil)
	case "secrets-down":
		return lambdawrap.Callback{}, errors.New("secrets manager timeout")
	case "later":
		return lambdawrap.Callback{}, lambdawrap.Reject(503, "come back later", nil)
	}
	if w.Code != "" {
		return lambdawrap.Failed(w.Reference, w.Code, w.Reason), nil
	}
	return lambdawrap.Succeeded(w.Reference, w.Value), nil
}

func post(body string) events.APIGatewayV2HTTPRequest {
	return events.APIGatewayV2HTTPRequest{Body: body}
}

// failingStore is a token store whose claims fail.
type failingStore struct{ tokenstore.Store }

func (failingStore) Claim(context.Context, string, time.Duration) (*tokenstore.Record, error) {
	return nil, errors.New("table unavailable")
}

// TestReceiverStatusCodes has one row per row of the status table in
// doc.go, through the HTTP API wrapper.
func TestReceiverStatusCodes(t *testing.T) {
	success := `{"reference":"` + ref + `","value":{"value":420000}}`
	failure := `{"reference":"` + ref + `","code":"PropertyNotFound","reason":"no such address"}`
	cases := []struct {
		name       string
		optFns     []func(*callback.Options)
		setup      func(t *testing.T, e *env) // saves the token, delivers earlier callbacks
		body       string
		status     int
		kind       string
		replayed   bool
		retryAfter string
		sends      int // sends that reached the fake, earlier ones included
	}{
		{name: "success", setup: saveRef, body: success, status: 200, kind: "succeeded", sends: 1},
		{name: "failure", setup: saveRef, body: failure, status: 200, kind: "failed", sends: 1},
		{name: "same success again", setup: deliver(success), body: success,
			status: 200, kind: "succeeded", replayed: true, sends: 1},
		{name: "same success, other JSON spacing", setup: deliver(success),
			body:   `{"reference":"` + ref + `","value":{ "value" : 420000 }}`,
			status: 200, kind: "succeeded", replayed: true, sends: 1},
		{name: "same failure again", setup: deliver(failure), body: failure,
			status: 200, kind: "failed", replayed: true, sends: 1},
		{name: "success with other output", setup: deliver(success),
			body:   `{"reference":"` + ref + `","value":{"value":1}}`,
			status: 409, kind: "duplicate", sends: 1},
		{name: "failure after success", setup: deliver(success), body: failure,
			status: 409, kind: "duplicate", sends: 1},
		{name: "success after failure", setup: deliver(failure), body: success,
			status: 409, kind: "duplicate", sends: 1},
		{name: "late", setup: func(t *testing.T, e *env) {
			e.save(t, ref, 2*time.Second)
			e.clock.Advance(3 * time.Second)
		}, body: success, status: 410, kind: "late"},
		{name: "unknown reference", body: success, status: 404, kind: "unknown_reference"},
		{name: "no reference", setup: saveRef, body: `{"value":1}`,
			status: 400, kind: "invalid_request"},
		{name: "body not JSON", setup: saveRef, body: `not json`,
			status: 400, kind: "invalid_request"},
		{name: "rejected by extract", setup: saveRef,
			body:   `{"reference":"` + ref + `","code":"bad-signature"}`,
			status: 401, kind: "unauthorized"},
		{name: "in flight", setup: func(t *testing.T, e *env) {
			saveRef(t, e)
			_, err := e.store.Claim(context.Background(), ref, time.Minute)
			require.NoError(t, err)
		}, body: success, status: 429, kind: "in_flight", retryAfter: "30"},
		{name: "throttled", setup: func(t *testing.T, e *env) {
			saveRef(t, e)
			e.fake.InjectErrors(callbacktest.Throttling(), callbacktest.Throttling(),
				callbacktest.Throttling())
		}, body: success, status: 503, kind: "send_failed", retryAfter: "30", sends: 3},
		{name: "no answer", setup: func(t *testing.T, e *env) {
			saveRef(t, e)
			e.fake.InjectErrors(errors.New("connection reset by peer"))
		}, body: success, status: 503, kind: "outcome_unknown", retryAfter: "30", sends: 1},
		{name: "store down", optFns: []func(*callback.Options){func(o *callback.Options) {
			o.Store = failingStore{o.Store}
		}}, setup: saveRef, body: success, status: 503, kind: "store_failed", retryAfter: "30"},
		{name: "stored token unusable", setup: func(t *testing.T, e *env) {
			// A record an older writer left with a placeholder for a token.
			e.store.Put(tokenstore.Record{Reference: ref, Token: "$$.Task.Token",
				Status: tokenstore.StatusPending, Attempt: 1})
		}, body: success, status: 500, kind: "invalid_token"},
		{name: "task unknown to Step Functions", setup: func(t *testing.T, e *env) {
			_, err := e.store.Save(context.Background(),
				tokenstore.Record{Reference: ref, Token: "AAAAKgAAAAIAAAAAAAAAAQ" + "neverissued"})
			require.NoError(t, err)
		}, body: success, status: 500, kind: "task_not_found", sends: 1},
		{name: "receiver without a store", optFns: []func(*callback.Options){
			func(o *callback.Options) { o.Store = nil }}, body: success, status: 500,
			kind: "internal"},
		{name: "receiver with a nil store", optFns: []func(*callback.Options){
			func(o *callback.Options) { o.Store = (*tokenstore.DynamoStore)(nil) }},
			body: success, status: 500, kind: "internal"},
		{name: "reference too long", setup: saveRef,
			body:   succeed(strings.Repeat("r", tokenstore.MaxReferenceBytes+1)),
			status: 400, kind: "invalid_request"},
		{name: "extract fails", setup: saveRef,
			body:   `{"reference":"` + ref + `","code":"secrets-down"}`,
			status: 500, kind: "extract_failed"},
		{name: "extract rejects with 503", setup: saveRef,
			body:   `{"reference":"` + ref + `","code":"later"}`,
			status: 503, kind: "service_unavailable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.optFns...)
			if tc.setup != nil {
				tc.setup(t, e)
			}
			handler := lambdawrap.NewReceiver(e.client).HTTPAPI(extractHTTPAPI)

			resp, err := handler(context.Background(), post(tc.body))
			require.NoError(t, err)

			assert.Equal(t, tc.status, resp.StatusCode, resp.Body)
			assert.Equal(t, "application/json", resp.Headers["Content-Type"])
			assert.Equal(t, tc.retryAfter, resp.Headers["Retry-After"])
			var body lambdawrap.ReplyBody
			require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
			assert.Equal(t, tc.kind, body.Status)
			assert.Equal(t, tc.replayed, body.Replayed)
			assert.NotEmpty(t, body.Message)
			assert.Equal(t, tc.sends, e.sends())
			assertNoToken(t, e, resp.Body)
		})
	}
}

// saveRef stores a fresh task's token under ref.
func saveRef(t *testing.T, e *env) { e.save(t, ref, time.Hour) }

// deliver stores a token under ref and redeems it with body first.
func deliver(body string) func(t *testing.T, e *env) {
	return func(t *testing.T, e *env) {
		t.Helper()
		saveRef(t, e)
		cb, err := extractWebhook(body)
		require.NoError(t, err)
		reply := lambdawrap.NewReceiver(e.client).Redeem(context.Background(), cb)
		require.Equal(t, 200, reply.StatusCode)
	}
}

// assertNoToken checks that no token the fake issued appears in text.
func assertNoToken(t *testing.T, e *env, text string) {
	t.Helper()
	for _, c := range e.fake.Calls() {
		assert.NotContains(t, text, c.Token)
	}
	assert.NotContains(t, text, "$$.Task.Token")
}

func TestReceiverDuplicateCarriesPriorOutcome(t *testing.T) {
	e := newEnv(t)
	saveRef(t, e)
	r := lambdawrap.NewReceiver(e.client)
	require.Equal(t, 200, r.Redeem(context.Background(), lambdawrap.Succeeded(ref, 1)).StatusCode)
	reply := r.Redeem(context.Background(), lambdawrap.Failed(ref, "Refused", ""))
	assert.Equal(t, 409, reply.StatusCode)
	assert.Equal(t, string(tokenstore.StatusSucceeded), reply.Body.PriorOutcome)
	require.NotNil(t, reply.Body.PriorAt)
	assert.True(t, reply.Body.PriorAt.Equal(e.clock.Now()))
	assert.Equal(t, []string{"duplicate"}, e.closedKinds(), "the closed-task hook heard of it")
}

func TestReceiverReplayIsNotReported(t *testing.T) {
	e := newEnv(t)
	saveRef(t, e)
	r := lambdawrap.NewReceiver(e.client)
	require.Equal(t, 200, r.Redeem(context.Background(), lambdawrap.Succeeded(ref, 1)).StatusCode)

	reply := r.Redeem(context.Background(), lambdawrap.Succeeded(ref, 1))

	assert.Equal(t, 200, reply.StatusCode)
	assert.True(t, reply.Body.Replayed)
	assert.Empty(t, e.closedKinds(), "a replay is no closed-task error")
	assert.Equal(t, 1, e.sends())
}

func TestReceiverInvalidOutput(t *testing.T) {
	cases := map[string]any{
		"not JSON":       json.RawMessage(`{"value":`),
		"cannot marshal": func() {},
	}
	for name, output := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			saveRef(t, e)
			reply := lambdawrap.NewReceiver(e.client).Redeem(context.Background(),
				lambdawrap.Succeeded(ref, output))
			assert.Equal(t, 422, reply.StatusCode)
			assert.Equal(t, "invalid_output", reply.Body.Status)
			assert.Zero(t, e.sends())
			assert.Equal(t, tokenstore.StatusPending, e.status(t), "the token stays redeemable")
		})
	}
}

// TestReceiverOversizedOutputFailsTheTask checks that an output over the
// limit fails the task with the fallback failure (size and hash, never the
// payload) and is answered 413, again for a redelivery, so the execution
// does not wait for a success that can never be sent.
func TestReceiverOversizedOutputFailsTheTask(t *testing.T) {
	cases := []struct {
		name string
		code string
		opts []func(*lambdawrap.ReceiverOptions)
	}{
		{name: "default code", code: lambdawrap.OutputRefusedErrorCode},
		{name: "code from the options", code: "ValuationOutputRefused",
			opts: []func(*lambdawrap.ReceiverOptions){func(o *lambdawrap.ReceiverOptions) {
				o.OutputRefusedErrorCode = "ValuationOutputRefused"
			}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			token := e.save(t, ref, time.Hour)
			r := lambdawrap.NewReceiver(e.client, tc.opts...)
			big := lambdawrap.Succeeded(ref, strings.Repeat("x", 300*1024))

			for range 2 {
				reply := r.Redeem(context.Background(), big)
				assert.Equal(t, 413, reply.StatusCode)
				assert.Equal(t, "output_refused", reply.Body.Status)
				assert.Contains(t, reply.Body.Message, tc.code)
			}
			task, _ := e.fake.Task(token)
			assert.Equal(t, callbacktest.StatusFailed, task.Status)
			assert.Equal(t, tc.code, task.Error)
			assert.Contains(t, task.Cause, "sha256")
			assert.NotContains(t, task.Cause, "xxxx")
			assert.Equal(t, 1, e.sends(), "the redelivery is answered from the store")
			assert.Equal(t, tokenstore.StatusFailed, e.status(t))
			assert.Equal(t, []string{"invalid_output"}, e.closedKinds(),
				"the redelivery is a replay: reported once")
		})
	}
}

// TestRejectStatusWords checks that the body's status word follows the
// status an extract function's Reject chose.
func TestRejectStatusWords(t *testing.T) {
	cases := []struct {
		status int
		word   string
	}{
		{400, "invalid_request"},
		{401, "unauthorized"},
		{403, "forbidden"},
		{404, "not_found"},
		{409, "conflict"},
		{413, "request_entity_too_large"},
		{415, "unsupported_media_type"},
		{422, "unprocessable_entity"},
		{429, "too_many_requests"},
		{500, "internal_server_error"},
		{503, "service_unavailable"},
		{302, "invalid_request"}, // answered 400
		{600, "invalid_request"}, // answered 400
		{499, "invalid_request"}, // sent as is, without a name
	}
	for _, tc := range cases {
		t.Run(tc.word, func(t *testing.T) {
			e := newEnv(t)
			handler := lambdawrap.NewReceiver(e.client).HTTPAPI(
				func(context.Context, events.APIGatewayV2HTTPRequest) (lambdawrap.Callback, error) {
					return lambdawrap.Callback{}, lambdawrap.Reject(tc.status, "refused", nil)
				})
			resp, err := handler(context.Background(), post(`{}`))
			require.NoError(t, err)
			var body lambdawrap.ReplyBody
			require.NoError(t, json.Unmarshal([]byte(resp.Body), &body))
			assert.Equal(t, tc.word, body.Status)
		})
	}
}

func TestReceiverRetryAfterOption(t *testing.T) {
	e := newEnv(t)
	saveRef(t, e)
	_, err := e.store.Claim(context.Background(), ref, time.Minute)
	require.NoError(t, err)
	r := lambdawrap.NewReceiver(e.client, func(o *lambdawrap.ReceiverOptions) {
		o.RetryAfter = 1500 * time.Millisecond
	})
	reply := r.Redeem(context.Background(), lambdawrap.Succeeded(ref, 1))
	assert.Equal(t, 429, reply.StatusCode)
	assert.Equal(t, "2", reply.Headers()["Retry-After"])
	assert.Equal(t, 2, reply.Body.RetryAfterSeconds)
}

// TestReceiverEventShapes drives the REST API and function URL wrappers,
// with a base64-encoded body, an extract that panics and a reject status
// outside 4xx.
func TestReceiverEventShapes(t *testing.T) {
	body := `{"reference":"` + ref + `","value":7}`
	encoded := "eyJyZWZlcmVuY2UiOiJ2YWx1YXRpb24tNyIsInZhbHVlIjo3fQ=="
	t.Run("REST API, base64 body", func(t *testing.T) {
		e := newEnv(t)
		saveRef(t, e)
		handler := lambdawrap.NewReceiver(e.client).APIGateway(
			func(_ context.Context,
				req events.APIGatewayProxyRequest) (lambdawrap.Callback, error) {
				raw, err := lambdawrap.RequestBody(req.Body, req.IsBase64Encoded)
				if err != nil {
					return lambdawrap.Callback{}, lambdawrap.Reject(400, "bad base64", err)
				}
				return extractWebhook(string(raw))
			})
		resp, err := handler(context.Background(),
			events.APIGatewayProxyRequest{Body: encoded, IsBase64Encoded: true})
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode, resp.Body)
		resp, err = handler(context.Background(),
			events.APIGatewayProxyRequest{Body: "%%%", IsBase64Encoded: true})
		require.NoError(t, err)
		assert.Equal(t, 400, resp.StatusCode)
	})
	t.Run("function URL", func(t *testing.T) {
		e := newEnv(t)
		saveRef(t, e)
		handler := lambdawrap.NewReceiver(e.client).FunctionURL(extractFunctionURL)
		resp, err := handler(context.Background(), events.LambdaFunctionURLRequest{Body: body})
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode, resp.Body)
		resp, err = handler(context.Background(), events.LambdaFunctionURLRequest{Body: body})
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Contains(t, resp.Body, `"replayed":true`)
	})
	t.Run("extract panics", func(t *testing.T) {
		e := newEnv(t)
		handler := lambdawrap.NewReceiver(e.client).HTTPAPI(
			func(context.Context, events.APIGatewayV2HTTPRequest) (lambdawrap.Callback, error) {
				panic("boom")
			})
		resp, err := handler(context.Background(), post(body))
		require.NoError(t, err)
		assert.Equal(t, 500, resp.StatusCode)
		assert.NotContains(t, resp.Body, "boom")
	})
	t.Run("reject outside 4xx", func(t *testing.T) {
		e := newEnv(t)
		handler := lambdawrap.NewReceiver(e.client).HTTPAPI(
			func(context.Context, events.APIGatewayV2HTTPRequest) (lambdawrap.Callback, error) {
				return lambdawrap.Callback{}, lambdawrap.Reject(302, "go away", nil)
			})
		resp, err := handler(context.Background(), post(body))
		require.NoError(t, err)
		assert.Equal(t, 400, resp.StatusCode)
		assert.True(t, strings.Contains(resp.Body, "go away"))
	})
}

func TestReceiverLogsRefusalsWithoutToken(t *testing.T) {
	e := newEnv(t)
	token := e.save(t, ref, 2*time.Second)
	e.clock.Advance(3 * time.Second)
	var logs strings.Builder
	r := lambdawrap.NewReceiver(e.client, func(o *lambdawrap.ReceiverOptions) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	reply := r.Redeem(context.Background(), lambdawrap.Succeeded(ref, 1))
	require.Equal(t, 410, reply.StatusCode)
	r.Redeem(context.Background(), lambdawrap.Succeeded("", 1))

	assert.Contains(t, logs.String(), `"msg":"lambdawrap: callback answered 410 late"`)
	assert.Contains(t, logs.String(), `"reference":"`+ref+`"`)
	assert.Contains(t, logs.String(), `"status":400`)
	assert.NotContains(t, logs.String(), token)
	assert.NotContains(t, reply.JSON(), token)
}

// TestReceiverNotConfiguredIs500 checks that a receiver that cannot work
// (a nil store of a concrete type, no store, no client, a nil receiver, a
// nil context) answers 500 internal naming the cause, never 400: the
// sender's request is fine.
func TestReceiverNotConfiguredIs500(t *testing.T) {
	withStore := func(s tokenstore.Store) *lambdawrap.Receiver {
		return lambdawrap.NewReceiver(callback.New(callbacktest.New(),
			func(o *callback.Options) { o.Store = s }))
	}
	var nilReceiver *lambdawrap.Receiver
	var nilCtx context.Context
	cases := map[string]struct {
		redeem func() lambdawrap.Reply
		cause  string
	}{
		"nil DynamoStore": {func() lambdawrap.Reply {
			return withStore((*tokenstore.DynamoStore)(nil)).Redeem(context.Background(),
				lambdawrap.Succeeded("SHIP-1", 1))
		}, "no DynamoDB client"},
		"nil memstore": {func() lambdawrap.Reply {
			return withStore((*memstore.Store)(nil)).Redeem(context.Background(),
				lambdawrap.Succeeded("SHIP-1", 1))
		}, "nil store"},
		"no store": {func() lambdawrap.Reply {
			return withStore(nil).Redeem(context.Background(), lambdawrap.Succeeded("SHIP-1", 1))
		}, "no Store"},
		"no client": {func() lambdawrap.Reply {
			return lambdawrap.NewReceiver(nil).Redeem(context.Background(),
				lambdawrap.Succeeded("SHIP-1", 1))
		}, "nil *Client"},
		"nil receiver": {func() lambdawrap.Reply {
			return nilReceiver.Redeem(context.Background(), lambdawrap.Succeeded("SHIP-1", 1))
		}, "nil *Receiver"},
		"nil context": {func() lambdawrap.Reply {
			return withStore(memstore.New()).Redeem(nilCtx, lambdawrap.Succeeded("SHIP-1", 1))
		}, "nil context"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var reply lambdawrap.Reply
			require.NotPanics(t, func() { reply = tc.redeem() })
			assert.Equal(t, 500, reply.StatusCode, reply.JSON())
			assert.Equal(t, "internal", reply.Body.Status)
			assert.Contains(t, reply.Body.Message, "not configured")
			assert.Contains(t, reply.Body.Message, tc.cause)
		})
	}
}

// TestReceiverInvalidReference checks that a reference the store would
// refuse is answered 400 with the reason, and that the reply never echoes
// more than a short, valid UTF-8 prefix of it.
func TestReceiverInvalidReference(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("r", 2000)
	cases := map[string]struct{ reference, reason string }{
		"too long": {long, "reference of 2000 bytes is longer than 1024"},
		"not utf8": {"bad\xffref", "reference is not valid UTF-8"},
		"too long, not utf8": {strings.Repeat("é", 600) + "\xff",
			"reference of 1201 bytes is longer than 1024"},
		"empty": {"", "empty reference"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			reply := lambdawrap.NewReceiver(e.client).Redeem(context.Background(),
				lambdawrap.Succeeded(tc.reference, 1))
			assert.Equal(t, 400, reply.StatusCode)
			assert.Equal(t, "invalid_request", reply.Body.Status)
			assert.Contains(t, reply.Body.Message, tc.reason)
			assert.LessOrEqual(t, len(reply.Body.Reference), 64+len("…")+2)
			assert.True(t, utf8.ValidString(reply.JSON()))
			assert.NotContains(t, reply.JSON(), long[:100])
		})
	}
	assert.Zero(t, e.sends())
}

// TestNilReceiverHTTPWrappers checks that the HTTP wrappers of a nil
// *Receiver answer 500 internal instead of panicking.
func TestNilReceiverHTTPWrappers(t *testing.T) {
	var r *lambdawrap.Receiver
	ctx := context.Background()
	body := succeed(ref)
	statuses := map[string]func() (int, error){
		"API Gateway": func() (int, error) {
			resp, err := r.APIGateway(extractAPIGateway)(ctx,
				events.APIGatewayProxyRequest{Body: body})
			return resp.StatusCode, err
		},
		"HTTP API": func() (int, error) {
			resp, err := r.HTTPAPI(extractHTTPAPI)(ctx, post(body))
			return resp.StatusCode, err
		},
		"function URL": func() (int, error) {
			resp, err := r.FunctionURL(extractFunctionURL)(ctx,
				events.LambdaFunctionURLRequest{Body: body})
			return resp.StatusCode, err
		},
	}
	for name, call := range statuses {
		t.Run(name, func(t *testing.T) {
			var status int
			var err error
			require.NotPanics(t, func() { status, err = call() })
			require.NoError(t, err)
			assert.Equal(t, 500, status)
		})
	}
}
