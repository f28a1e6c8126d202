package scenario

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/mockservice"
	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

// run is one playing of the scenarios: the resources it created and the
// parts it started.
type run struct {
	cfg     Config
	id      string
	cl      clients
	undo    cleanup
	output  *lambdarun.LogBuffer
	service *mockservice.Service
	watch   *noticeWatch

	stateMachineARN string
}

// Run builds the handlers, creates the resources under names unique to
// this run, starts the handler processes and the mock valuation service,
// plays every scenario at once and returns one [Result] per scenario. It
// removes everything it created and stops everything it started before it
// returns, also when ctx is cancelled: then it stops the executions still
// running and returns the results so far with an error matching ctx.Err().
// Otherwise the error reports a run that could not be set up; a scenario
// that misbehaved is a Result that is not OK.
func Run(ctx context.Context, cfg Config) (results Results, err error) {
	cfg = cfg.withDefaults()
	if cfg.Dir == "" || cfg.Endpoint == "" {
		return nil, errors.New("scenario: Config.Dir and an engine endpoint are required")
	}
	r := &run{cfg: cfg, id: newRunID(), cl: newClients(cfg.AWS),
		output: &lambdarun.LogBuffer{Keep: handlerOutputKeep, Copy: cfg.HandlerOutput}}
	defer func() {
		// Clean up with a context of its own: ctx may be cancelled.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		fmt.Fprintln(cfg.Log, "removing what the run created")
		err = errors.Join(err, r.undo.run(cctx))
	}()
	if err := r.setUp(ctx); err != nil {
		if out := r.output.String(); out != "" {
			err = fmt.Errorf("%w\nhandler output:\n%s", err, out)
		}
		return nil, err
	}
	results = r.play(ctx)
	if ctx.Err() != nil {
		return results, fmt.Errorf("scenario: run interrupted: %w", ctx.Err())
	}
	return results, nil
}

// newRunID returns the suffix of every name this run creates.
func newRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// setUp builds, creates and starts everything the scenarios need.
func (r *run) setUp(ctx context.Context) error {
	bins, err := buildHandlers(ctx, r.cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(r.cfg.Log, "creating table, topic, queue, functions and state machine"+
		" (suffix %s)\n", r.id)
	table := "loanvaluation-tokens-" + r.id
	if err := r.cl.createTable(ctx, table, &r.undo); err != nil {
		return err
	}
	nq, err := r.cl.createNoticeQueue(ctx, "loanvaluation-errors-"+r.id,
		"loanvaluation-notices-"+r.id, &r.undo)
	if err != nil {
		return err
	}
	r.startNoticeWatch(ctx, nq)
	serviceURL, err := r.startService(ctx, "ValuationCallback-"+r.id)
	if err != nil {
		return err
	}
	arns, err := r.startFunctions(ctx, bins, map[string]string{
		"TOKEN_TABLE":           table,
		"ERROR_TOPIC_ARN":       nq.topicARN,
		"VALUATION_SERVICE_URL": serviceURL,
		"WEBHOOK_SECRET":        webhookSecret,
	})
	if err != nil {
		return err
	}
	def, err := Definition(filepath.Join(r.cfg.Dir, "statemachine.asl.json"), map[string]any{
		PlaceholderRequestFunction: arns["RequestValuation"],
		PlaceholderNotifyFunction:  arns["NotifyFailure"],
		PlaceholderTimeoutSeconds:  int(r.cfg.Timeout / time.Second),
	}, true)
	if err != nil {
		return err
	}
	r.stateMachineARN, err = r.cl.createStateMachine(ctx, "LoanValuation-"+r.id, def, &r.undo)
	return err
}

// webhookSecret is the HMAC secret the mock service and the callback
// Lambda share in a local run. A deployment keeps its own in a secret store.
const webhookSecret = "local-run-webhook-secret"

// functions lists the example's Lambda functions: name, handler package
// and the environment variables it reads.
var functions = []struct {
	name, pkg string
	env       []string
}{
	{"RequestValuation", "./cmd/requestvaluation", []string{"TOKEN_TABLE", "VALUATION_SERVICE_URL"}},
	{"ValuationCallback", "./cmd/valuationcallback",
		[]string{"TOKEN_TABLE", "WEBHOOK_SECRET", "ERROR_TOPIC_ARN"}},
	{"NotifyFailure", "./cmd/notifyfailure", []string{"ERROR_TOPIC_ARN"}},
}

// startFunctions creates each function and starts its processes. It
// returns the function ARNs by function (without the run suffix).
func (r *run) startFunctions(ctx context.Context, bins map[string]string,
	settings map[string]string) (map[string]string, error) {
	fmt.Fprintf(r.cfg.Log, "starting %d processes per function under the engine's Runtime API\n",
		r.cfg.Instances)
	fmt.Fprintln(r.output, probeNote)
	arns := make(map[string]string)
	for _, f := range functions {
		env := make(map[string]string)
		for _, k := range f.env {
			env[k] = settings[k]
		}
		name := f.name + "-" + r.id
		arn, err := r.cl.createFunction(ctx, name, env, &r.undo)
		if err != nil {
			return nil, err
		}
		arns[f.name] = arn
		if err := startHandler(ctx, r.cfg, r.cl, name, binary(bins, f.pkg), env,
			r.output, &r.undo); err != nil {
			return nil, err
		}
	}
	return arns, nil
}

// probeNote opens the handler output: each handler refuses the readiness
// probe's empty event with an error line, which would otherwise read as a
// failure.
const probeNote = "probing each function with an empty event until it answers: " +
	"the errors below answer the probe and are expected"

// startService starts the mock valuation service on a random local port;
// it calls back through the ValuationCallback function.
func (r *run) startService(ctx context.Context, callbackFunction string) (string, error) {
	r.service = mockservice.New(invokeWebhook(r.cl.lambda, callbackFunction),
		func(o *mockservice.Options) {
			o.Secret = []byte(webhookSecret)
			o.LateDelay = r.cfg.lateDelay()
		})
	l, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("scenario: start valuation service: %w", err)
	}
	srv := &http.Server{Handler: r.service, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	r.undo.push(func(ctx context.Context) error {
		err := srv.Shutdown(ctx)
		r.service.Close()
		return err
	})
	return "http://" + l.Addr().String(), nil
}

// startNoticeWatch receives the notices until the run ends.
func (r *run) startNoticeWatch(ctx context.Context, nq noticeQueue) {
	r.watch = newNoticeWatch(r.cl.sqs, nq.queueURL)
	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { r.watch.run(wctx) })
	r.undo.push(func(context.Context) error { cancel(); wg.Wait(); return nil })
}

// play plays every scenario at once and returns their results in order.
func (r *run) play(ctx context.Context) Results {
	fmt.Fprintf(r.cfg.Log, "playing %d scenarios (task timeout %s)\n",
		len(r.cfg.Scenarios), r.cfg.Timeout)
	results := make(Results, len(r.cfg.Scenarios))
	var wg sync.WaitGroup
	for i, s := range r.cfg.Scenarios {
		wg.Go(func() { results[i] = r.playOne(ctx, s, "LOAN-"+s.Name+"-"+r.id) })
	}
	wg.Wait()
	return results
}
