package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// event is the Payload the RequestValuation state sends.
type event struct {
	// Application is the state's input: the loan application.
	Application valuation.Application `json:"application"`
	// TimeoutSeconds is the state's TimeoutSeconds, to record the
	// deadline after which a callback is late. A number or numeric text.
	TimeoutSeconds timeoutSeconds `json:"timeoutSeconds"`
}

// response is what the handler returns. With .waitForTaskToken Step
// Functions ignores it; it shows up in the Lambda's own logs and metrics.
type response struct {
	Reference string `json:"reference"`
}

// handler stores the task token under a new valuation reference, then asks
// the valuation service to value the property.
type handler struct {
	store      tokenstore.Store
	client     *http.Client
	serviceURL string // base URL of the valuation service
	now        func() time.Time
}

// Handle is the Lambda entry point.
func (h *handler) Handle(ctx context.Context, raw json.RawMessage) (response, error) {
	var ev event
	if err := json.Unmarshal(raw, &ev); err != nil {
		return response{}, fmt.Errorf("requestvaluation: decode event: %w", err)
	}
	sc, err := sfnctx.FromEvent(raw, "ctx")
	if err != nil {
		return response{}, fmt.Errorf("requestvaluation: %w", err)
	}
	if sc.Task.Token == "" {
		return response{}, fmt.Errorf("requestvaluation: event has no ctx.Task.Token: " +
			"pass \"ctx.$\": \"$$\" in the Payload of a .waitForTaskToken state")
	}
	ref, err := valuation.NewReference(ev.Application.ID)
	if err != nil {
		return response{}, fmt.Errorf("requestvaluation: %w", err)
	}

	// The token is stored before the service hears of the reference, so
	// even an instant callback finds it.
	if _, err := h.store.Save(ctx, h.record(ref, ev, sc)); err != nil {
		return response{}, fmt.Errorf("requestvaluation: save token: %w", err)
	}
	if err := h.requestValuation(ctx, ref, ev.Application); err != nil {
		return response{}, err
	}
	return response{Reference: ref}, nil
}

// record describes the waiting state for the store.
func (h *handler) record(ref string, ev event, sc *sfnctx.Context) tokenstore.Record {
	rec := tokenstore.Record{
		Reference:       ref,
		Token:           sc.Task.Token,
		ExecutionARN:    sc.Execution.ID,
		StateMachineARN: sc.StateMachine.ID,
		StateName:       sc.State.Name,
		EnteredTime:     sc.State.EnteredTime,
		RetryCount:      sc.State.RetryCount,
	}
	if ev.TimeoutSeconds > 0 {
		// Counted from when the state was entered where the context object
		// says so; locally (kumo) from now, a little later than the truth.
		start := sc.State.EnteredTime
		if start.IsZero() {
			start = h.now()
		}
		rec.Deadline = start.Add(time.Duration(ev.TimeoutSeconds) * time.Second)
	}
	return rec
}

// requestValuation posts the valuation request; the service answers 202.
func (h *handler) requestValuation(ctx context.Context, ref string,
	app valuation.Application) error {
	body, err := json.Marshal(valuation.Request{
		Reference: ref, ApplicationID: app.ID, Property: app.Property,
	})
	if err != nil {
		return fmt.Errorf("requestvaluation: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		h.serviceURL+"/valuations", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("requestvaluation: valuation service: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client.Do(req)
	if err != nil {
		return fmt.Errorf("requestvaluation: valuation service: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted && resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("requestvaluation: valuation service answered %s: %s",
			resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
