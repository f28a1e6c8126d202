package loadrun

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// run is one load run: its clients, what it created and what it measured.
type run struct {
	o      Options
	sfn    *sfn.Client
	sqs    *sqs.Client
	dynamo *dynamodb.Client
	calls  *callCounter

	table, queueURL, machineARN string
	refs                        []*reference
}

// reference is one execution waiting under one business reference, and
// what happened to it.
type reference struct {
	name         string
	executionARN string
	started      time.Time
	token        string
	saveTime     time.Duration

	deliveries []delivery
	status     sfntypes.ExecutionStatus
	output     string
}

// delivery is one delivery of a reference's callback.
type delivery struct {
	err     error
	latency time.Duration
}

// finished reports whether the execution is known to have ended.
func (ref *reference) finished() bool {
	return ref.status != "" && ref.status != sfntypes.ExecutionStatusRunning
}

// Run performs one load run on the engine cfg points at: it creates a
// table, a queue and a state machine, starts Options.Executions executions,
// saves their tokens, redeems each reference Options.Deliveries times at
// once, checks that every execution succeeded exactly once, and removes
// what it created. The run stops by itself at Options.Timeout.
//
// A run that completes returns its Report, whose Violations list any breach
// of exactly-once. A run that cannot complete (set-up failed, the deadline
// passed) returns an error with the report of what was measured so far.
func Run(ctx context.Context, cfg aws.Config, optFns ...func(*Options)) (*Report, error) {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	r := newRun(cfg, o)
	rep, err := r.measure(ctx)
	return rep, errors.Join(err, r.cleanUp(ctx))
}

// newRun builds the clients, each counting its calls.
func newRun(cfg aws.Config, o Options) *run {
	r := &run{o: o, calls: newCallCounter()}
	count := []func(*middleware.Stack) error{r.calls.apiOption}
	r.sfn = sfn.NewFromConfig(cfg, func(so *sfn.Options) {
		so.APIOptions = append(so.APIOptions, count...)
	})
	r.sqs = sqs.NewFromConfig(cfg, func(so *sqs.Options) {
		so.APIOptions = append(so.APIOptions, count...)
	})
	r.dynamo = dynamodb.NewFromConfig(cfg, func(do *dynamodb.Options) {
		do.APIOptions = append(do.APIOptions, count...)
	})
	return r
}

// measure runs the phases within the run's deadline and returns the report,
// partial when a phase failed.
func (r *run) measure(ctx context.Context) (*Report, error) {
	ctx, cancel := context.WithTimeout(ctx, r.o.Timeout)
	defer cancel()
	rep := &Report{Executions: r.o.Executions, Deliveries: r.o.Deliveries,
		Concurrency: r.o.Concurrency}
	err := r.phases(ctx, rep)
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w (the run's deadline of %s passed)", err, r.o.Timeout)
	}
	rep.Complete = err == nil
	r.judge(rep)
	rep.Calls = r.calls.snapshot()
	return rep, err
}

// phases runs set-up, start, save, redeem and verify in turn, timing each.
func (r *run) phases(ctx context.Context, rep *Report) error {
	if err := r.timed("set up", &rep.SetUpTime, func() error { return r.setUp(ctx) }); err != nil {
		return err
	}
	if err := r.timed("start", &rep.StartTime, func() error { return r.start(ctx) }); err != nil {
		return err
	}
	store := tokenstore.New(r.dynamo, r.table)
	err := r.timed("save", &rep.SaveTime, func() error { return r.collect(ctx, store) })
	if err != nil {
		return err
	}
	client := callback.New(r.sfn, func(co *callback.Options) {
		co.Store = store
		co.Lease = r.o.Lease
	})
	before := r.calls.snapshot()
	err = r.timed("redeem", &rep.RedeemTime, func() error { return r.redeem(ctx, client) })
	rep.RedeemCalls = callsSince(before, r.calls.snapshot())
	if err != nil {
		return err
	}
	return r.timed("verify", &rep.VerifyTime, func() error { return r.verify(ctx) })
}

// timed runs a phase, stores how long it took in d and logs one line.
func (r *run) timed(phase string, d *time.Duration, fn func() error) error {
	start := time.Now()
	err := fn()
	*d = time.Since(start)
	if err != nil {
		fmt.Fprintf(r.o.Log, "loadrun: %s failed after %s: %v\n", phase, round(*d), err)
		return err
	}
	fmt.Fprintf(r.o.Log, "loadrun: %s done in %s\n", phase, round(*d))
	return nil
}
