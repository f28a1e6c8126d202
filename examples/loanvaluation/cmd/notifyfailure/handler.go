package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// notifier publishes a notice. *errnotify.Notifier satisfies it.
type notifier interface {
	Notify(ctx context.Context, n errnotify.Notice) error
}

// event is the Payload of the state machine's Notify… states.
type event struct {
	// Kind classifies the failure: "timeout", "valuation_failed" or
	// "valuation_error".
	Kind string `json:"kind"`
	// State is the state whose failure was caught.
	State string `json:"state"`
	// ApplicationID is the loan application of the execution.
	ApplicationID string `json:"applicationId"`
	// Error is the caught error output.
	Error struct {
		Error string `json:"Error"`
		Cause string `json:"Cause"`
	} `json:"error"`
}

// descriptions say in words what each kind of failure means.
var descriptions = map[string]string{
	"timeout":          "the valuation service did not call back before the task timed out",
	"valuation_failed": "the valuation service could not value the property",
	"valuation_error":  "requesting or receiving the valuation failed",
}

// handler publishes one notice per caught failure.
type handler struct {
	notifier notifier
}

// Handle is the Lambda entry point. It returns an error when the notice
// could not be published, so the failure shows on the Lambda too; the
// state machine goes on to its Fail state either way.
func (h *handler) Handle(ctx context.Context, raw json.RawMessage) error {
	var ev event
	if err := json.Unmarshal(raw, &ev); err != nil {
		return fmt.Errorf("notifyfailure: decode event: %w", err)
	}
	if ev.Kind == "" || ev.Error.Error == "" {
		return fmt.Errorf("notifyfailure: event needs kind and error.Error")
	}
	// On AWS the state passes the context object; locally it has none.
	if sc, err := sfnctx.FromEvent(raw, "ctx"); err == nil {
		ctx = sfnctx.NewContext(ctx, sc)
	}
	return h.notifier.Notify(ctx, notice(ev))
}

// notice builds the notice for ev.
func notice(ev event) errnotify.Notice {
	what, ok := descriptions[ev.Kind]
	if !ok {
		what = "the valuation failed"
	}
	n := errnotify.Notice{
		Description: fmt.Sprintf("loan application %s: %s (%s)", ev.ApplicationID, what, ev.Error.Error),
		Kind:        ev.Kind,
		StateName:   ev.State,
		Err:         fmt.Errorf("%s: %s", ev.Error.Error, ev.Error.Cause),
		Extra:       map[string]any{"applicationId": ev.ApplicationID},
	}
	return n
}
