package lambdawrap_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// sqsHandler wraps extractWebhook for SQS messages.
func sqsHandler(e *env) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return sqsHandlerOf(e, func(_ context.Context, msg events.SQSMessage) (lambdawrap.Callback,
		error) {
		return extractWebhook(msg.Body)
	})
}

// sqsHandlerOf wraps extract for SQS messages through e's client.
func sqsHandlerOf(e *env, extract func(context.Context, events.SQSMessage) (lambdawrap.Callback,
	error)) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return lambdawrap.NewReceiver(e.client).SQS(extract)
}

func message(id, body string) events.SQSMessage {
	return events.SQSMessage{MessageId: id, Body: body,
		EventSourceARN: "arn:aws:sqs:us-east-1:123456789012:valuation-callbacks"}
}

func succeed(reference string) string {
	return `{"reference":"` + reference + `","value":{"value":1}}`
}

func failedIDs(resp events.SQSEventResponse) []string {
	ids := []string{}
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

// TestSQSReportsOnlyRetryableFailures: one batch with a message for every
// outcome; only those a redelivery can finish come back.
func TestSQSReportsOnlyRetryableFailures(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, r := range []string{"ok", "dup", "late", "busy", "throttled"} {
		e.save(t, r, time.Hour)
	}
	e.save(t, "late", 2*time.Second) // a newer attempt with a short deadline
	require.Equal(t, 200, lambdawrap.NewReceiver(e.client).Redeem(ctx,
		lambdawrap.Succeeded("dup", 1)).StatusCode)
	_, err := e.store.Claim(ctx, "busy", time.Minute)
	require.NoError(t, err)
	e.clock.Advance(3 * time.Second)

	handler := sqsHandler(e)
	// Each message is redeemed in order; the throttled one runs out of
	// retries on the three errors queued just before it.
	batch := events.SQSEvent{Records: []events.SQSMessage{
		message("m-ok", succeed("ok")),
		message("m-dup", `{"reference":"dup","code":"Other"}`),
		message("m-late", succeed("late")),
		message("m-busy", succeed("busy")),
		message("m-unknown", succeed("not-saved-yet")),
		message("m-garbage", "not json"),
		message("m-secrets-down", `{"reference":"ok","code":"secrets-down"}`),
		message("m-later", `{"reference":"ok","code":"later"}`),
		message("m-bad-signature", `{"reference":"ok","code":"bad-signature"}`),
	}}
	resp, err := handler(ctx, batch)
	require.NoError(t, err)
	assert.Equal(t, []string{"m-busy", "m-unknown", "m-secrets-down", "m-later"},
		failedIDs(resp))

	e.fake.InjectErrors(callbacktest.Throttling(), callbacktest.Throttling(),
		callbacktest.Throttling())
	resp, err = handler(ctx, events.SQSEvent{Records: []events.SQSMessage{
		message("m-throttled", succeed("throttled"))}})
	require.NoError(t, err)
	assert.Equal(t, []string{"m-throttled"}, failedIDs(resp))

	// The redelivery of the throttled message completes the task.
	resp, err = handler(ctx, events.SQSEvent{Records: []events.SQSMessage{
		message("m-throttled", succeed("throttled"))}})
	require.NoError(t, err)
	assert.Empty(t, resp.BatchItemFailures)
	assert.Equal(t, []string{"duplicate", "late", "unknown_reference", "send_failed"},
		e.closedKinds(), "the closed-task hook hears of every refusal")
}

func TestSQSFIFOKeepsOrderAfterAFailure(t *testing.T) {
	e := newEnv(t)
	e.save(t, "a", time.Hour)
	e.save(t, "c", time.Hour)
	fifo := func(id, body string) events.SQSMessage {
		m := message(id, body)
		m.EventSourceARN += ".fifo"
		return m
	}
	resp, err := sqsHandler(e)(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		fifo("1", succeed("a")), fifo("2", succeed("b-unknown")), fifo("3", succeed("c")),
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{"2", "3"}, failedIDs(resp))
	assert.Equal(t, 1, e.sends(), "the message after the failure was not tried")
}

func TestSQSContextEnded(t *testing.T) {
	e := newEnv(t)
	e.save(t, "a", time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	resp, err := sqsHandler(e)(ctx, events.SQSEvent{Records: []events.SQSMessage{
		message("1", succeed("a"))}})
	require.NoError(t, err)
	assert.Equal(t, []string{"1"}, failedIDs(resp))
	assert.Zero(t, e.sends())
}

// TestSQSMisconfiguredReceiverSendsEveryMessageBack checks that a receiver
// that cannot work (no store, a nil store, no client, an extract function
// that panics) leaves every message on the queue for a redelivery or the
// dead-letter queue, instead of acknowledging and losing it.
func TestSQSMisconfiguredReceiverSendsEveryMessageBack(t *testing.T) {
	extract := func(_ context.Context, msg events.SQSMessage) (lambdawrap.Callback, error) {
		return extractWebhook(msg.Body)
	}
	panics := func(context.Context, events.SQSMessage) (lambdawrap.Callback, error) {
		panic("bug")
	}
	var nilReceiver *lambdawrap.Receiver
	handlers := map[string]func(context.Context, events.SQSEvent) (events.SQSEventResponse, error){
		"no store": lambdawrap.NewReceiver(callback.New(callbacktest.New())).SQS(extract),
		"nil store": lambdawrap.NewReceiver(callback.New(callbacktest.New(),
			func(o *callback.Options) { o.Store = (*memstore.Store)(nil) })).SQS(extract),
		"no client":      lambdawrap.NewReceiver(nil).SQS(extract),
		"nil receiver":   nilReceiver.SQS(extract),
		"extract panics": sqsHandlerOf(newEnv(t), panics),
	}
	for name, handler := range handlers {
		t.Run(name, func(t *testing.T) {
			var resp events.SQSEventResponse
			var err error
			require.NotPanics(t, func() {
				resp, err = handler(context.Background(), events.SQSEvent{
					Records: []events.SQSMessage{message("m1", succeed("R"))}})
			})
			require.NoError(t, err)
			assert.Equal(t, []string{"m1"}, failedIDs(resp))
		})
	}
}
