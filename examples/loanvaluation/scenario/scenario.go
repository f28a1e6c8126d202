package scenario

import (
	"slices"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/mockservice"
)

// Scenario is one loan application played through the workflow, and what
// it must lead to.
type Scenario struct {
	// Name identifies the scenario, for example "late".
	Name string
	// Shows says in a few words what the scenario demonstrates.
	Shows string
	// Property is the house name or number of the application; it chooses
	// the valuation service's behaviour.
	Property string
	// Want is the expected outcome.
	Want Outcome
}

// Outcome is what a scenario led to.
type Outcome struct {
	// Status is the execution's final status, for example "SUCCEEDED".
	Status string
	// Error is the execution's error (its Fail state), if it failed.
	Error string
	// Callbacks are the webhook's answers, in order, for example
	// "200 succeeded" or "410 late".
	Callbacks []string
	// Notices are the kinds of the notices published for the application,
	// sorted.
	Notices []string
}

// equal reports whether o and p are the same outcome.
func (o Outcome) equal(p Outcome) bool {
	return o.Status == p.Status && o.Error == p.Error &&
		slices.Equal(o.Callbacks, p.Callbacks) && slices.Equal(o.Notices, p.Notices)
}

// All returns every scenario of the example, one per failure mode and the
// normal case first.
func All() []Scenario {
	return []Scenario{
		{Name: "normal", Property: "12",
			Shows: "the service calls back once; the execution succeeds with the valuation",
			Want:  Outcome{Status: "SUCCEEDED", Callbacks: []string{"200 succeeded"}}},
		{Name: "no-callback", Property: mockservice.PropertyNoCallback,
			Shows: "nobody calls back; States.Timeout is caught and a notice published",
			Want: Outcome{Status: "FAILED", Error: "ValuationTimedOut",
				Notices: []string{"timeout"}}},
		{Name: "late", Property: mockservice.PropertyLateCallback,
			Shows: "the callback comes after the timeout; the webhook gets ErrLate",
			Want: Outcome{Status: "FAILED", Error: "ValuationTimedOut",
				Callbacks: []string{"410 late"}, Notices: []string{"late", "timeout"}}},
		{Name: "redelivered", Property: mockservice.PropertyRedelivered,
			Shows: "the same callback twice; the second is answered as done, nothing resent",
			Want: Outcome{Status: "SUCCEEDED",
				Callbacks: []string{"200 succeeded", "200 succeeded (replayed)"},
				Notices:   nil}},
		{Name: "duplicate", Property: mockservice.PropertyDuplicateCallback,
			Shows: "a second callback with another valuation; it gets ErrDuplicate",
			Want: Outcome{Status: "SUCCEEDED",
				Callbacks: []string{"200 succeeded", "409 duplicate"}, Notices: []string{"duplicate"}}},
		{Name: "failed", Property: mockservice.PropertyFailedValuation,
			Shows: "the property cannot be valued; ValuationFailed is caught",
			Want: Outcome{Status: "FAILED", Error: "ValuationFailed",
				Callbacks: []string{"200 failed"}, Notices: []string{"valuation_failed"}}},
		{Name: "oversized", Property: mockservice.PropertyOversized,
			Shows: "a valuation too large to be the task's output fails the task at once",
			Want: Outcome{Status: "FAILED", Error: "ValuationError",
				Callbacks: []string{"413 output_refused"},
				Notices:   []string{"invalid_output", "valuation_error"}}},
		{Name: "forged", Property: mockservice.PropertyForgedCallback,
			Shows: "a callback with a bad signature is refused; the genuine one then completes",
			Want: Outcome{Status: "SUCCEEDED",
				Callbacks: []string{"401 unauthorized", "200 succeeded"}}},
		{Name: "unknown-reference", Property: mockservice.PropertyUnknownReference,
			Shows: "the callback names a reference nobody stored: ErrUnknownReference",
			Want: Outcome{Status: "FAILED", Error: "ValuationTimedOut",
				Callbacks: []string{"404 unknown_reference"},
				Notices:   []string{"timeout", "unknown_reference"}}},
	}
}
