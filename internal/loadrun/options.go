package loadrun

import (
	"fmt"
	"io"
	"time"
)

// Defaults used where an Options field is zero.
const (
	DefaultExecutions  = 100
	DefaultDeliveries  = 5
	DefaultConcurrency = 10
	DefaultTimeout     = 2 * time.Minute
	DefaultLease       = 30 * time.Second
)

// Bounds on a run, so that a mistyped flag cannot flood the engine.
const (
	MaxExecutions = 2000
	MaxDeliveries = 50
	MaxTimeout    = 10 * time.Minute
)

// Options shape a run. The zero value is valid: every field has a default.
type Options struct {
	// Executions is how many executions wait for a callback, one reference
	// each. Default [DefaultExecutions], at most [MaxExecutions].
	Executions int
	// Deliveries is how many times each callback is delivered at once, as
	// an at-least-once channel may. Default [DefaultDeliveries], at most
	// [MaxDeliveries].
	Deliveries int
	// Concurrency is how many executions are started, tokens saved and
	// references redeemed at once; a redeem runs all its deliveries at
	// once, so up to Concurrency × Deliveries calls are in flight.
	// Default [DefaultConcurrency].
	Concurrency int
	// Timeout is the hard deadline of the run, clean-up excluded. Default
	// [DefaultTimeout], at most [MaxTimeout].
	Timeout time.Duration
	// Lease is the claim lease of a redeem (callback.Options.Lease).
	// Default [DefaultLease].
	Lease time.Duration
	// Log receives one progress line per phase. Default nil: silent.
	Log io.Writer
}

// Validate reports an option out of bounds, as [Run] would before any
// call, so that a command can refuse it before starting an engine.
func (o Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

// withDefaults fills in the zero fields and refuses values out of bounds.
func (o Options) withDefaults() (Options, error) {
	o.Executions = orDefault(o.Executions, DefaultExecutions)
	o.Deliveries = orDefault(o.Deliveries, DefaultDeliveries)
	o.Concurrency = orDefault(o.Concurrency, DefaultConcurrency)
	o.Timeout = orDefault(o.Timeout, DefaultTimeout)
	o.Lease = orDefault(o.Lease, DefaultLease)
	if o.Log == nil {
		o.Log = io.Discard
	}
	switch {
	case o.Executions < 1 || o.Executions > MaxExecutions:
		return o, fmt.Errorf("loadrun: executions %d not in 1..%d", o.Executions, MaxExecutions)
	case o.Deliveries < 1 || o.Deliveries > MaxDeliveries:
		return o, fmt.Errorf("loadrun: deliveries %d not in 1..%d", o.Deliveries, MaxDeliveries)
	case o.Concurrency < 1:
		return o, fmt.Errorf("loadrun: concurrency %d below 1", o.Concurrency)
	case o.Timeout < 0 || o.Timeout > MaxTimeout:
		return o, fmt.Errorf("loadrun: timeout %s not in 0..%s", o.Timeout, MaxTimeout)
	case o.Lease < time.Millisecond:
		return o, fmt.Errorf("loadrun: lease %s below 1ms", o.Lease)
	}
	return o, nil
}

func orDefault[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}
