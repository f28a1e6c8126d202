package mockservice

import (
	"strings"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// Behaviour is how the service answers one valuation request.
type Behaviour string

// The behaviours, each chosen by a property name (see [BehaviourFor]).
const (
	// Normal calls back once with a valuation.
	Normal Behaviour = "normal"
	// NoCallback never calls back: the task times out.
	NoCallback Behaviour = "no-callback"
	// LateCallback calls back with a valuation after the task timed out.
	LateCallback Behaviour = "late"
	// RedeliveredCallback calls back twice with the same valuation, as a
	// sender retrying a delivery does.
	RedeliveredCallback Behaviour = "redelivered"
	// DuplicateCallback calls back twice with different valuations.
	DuplicateCallback Behaviour = "duplicate"
	// FailedValuation calls back once saying the property cannot be valued.
	FailedValuation Behaviour = "failed"
	// UnknownReference calls back once naming a reference nobody stored.
	UnknownReference Behaviour = "unknown-reference"
	// ForgedCallback first sends a callback signed with the wrong secret
	// and a different valuation, as a forger would, then the genuine one.
	ForgedCallback Behaviour = "forged"
	// OversizedValuation calls back once with a valuation whose inline
	// report makes it too large to be the task's output.
	OversizedValuation Behaviour = "oversized"
)

// Property names that choose a behaviour other than [Normal].
const (
	PropertyNoCallback        = "Silent Lodge"
	PropertyLateCallback      = "Tardy Barn"
	PropertyRedelivered       = "Echo Cottage"
	PropertyDuplicateCallback = "Twin Gables"
	PropertyFailedValuation   = "Subsidence Villa"
	PropertyUnknownReference  = "Phantom Hall"
	PropertyForgedCallback    = "Counterfeit Court"
	PropertyOversized         = "Sprawling Manor"
)

var behaviours = map[string]Behaviour{
	strings.ToLower(PropertyNoCallback):        NoCallback,
	strings.ToLower(PropertyLateCallback):      LateCallback,
	strings.ToLower(PropertyRedelivered):       RedeliveredCallback,
	strings.ToLower(PropertyDuplicateCallback): DuplicateCallback,
	strings.ToLower(PropertyFailedValuation):   FailedValuation,
	strings.ToLower(PropertyUnknownReference):  UnknownReference,
	strings.ToLower(PropertyForgedCallback):    ForgedCallback,
	strings.ToLower(PropertyOversized):         OversizedValuation,
}

// BehaviourFor chooses the behaviour for a property by its name or number,
// ignoring case and surrounding spaces. Every house number, and every name
// not listed among the Property constants, gets [Normal].
func BehaviourFor(p valuation.Property) Behaviour {
	if b, ok := behaviours[strings.ToLower(strings.TrimSpace(p.NameOrNumber))]; ok {
		return b
	}
	return Normal
}
