// Command loanvaluation plays the loan-valuation workflow end to end on
// the local engine: every way a task-token callback can go wrong, on the
// real Lambda handlers of this example.
//
//	go run ./examples/loanvaluation
//
// It starts the pinned kumo on 127.0.0.1:4566 (unless -endpoint or
// TASKTOKEN_ENDPOINT names a running one), builds the handlers, runs them as
// local processes, creates the table, topic, queue, functions and state
// machine under names unique to the run, plays each scenario, prints one
// row per scenario and removes everything it created, also on Ctrl-C. It
// exits 1 when a scenario did not behave as expected, 2 when the run could
// not be set up, 130 when interrupted.
//
//	go run ./examples/loanvaluation -print-definition -timeout 72h
//
// prints the state machine definition to deploy instead, with the
// timeout as a JSON number (text substitution cannot write one) and the
// function ARNs given by -request-function-arn and -notify-function-arn or
// left as placeholders. Run it from inside the module.
// See README.md beside this file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
	"github.com/tasktoken/tasktoken/internal/engine"
	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/gotool"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the runner's flags.
type options struct {
	endpoint        string
	timeout         time.Duration
	verbose         bool
	showNotices     bool
	printDefinition bool
	requestARN      string
	notifyARN       string
	timeoutSet      bool // -timeout was given
}

// parseFlags reads the command line; flag errors and -h go to stderr.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("loanvaluation", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.endpoint, "endpoint", os.Getenv(enginetest.EnvEndpoint),
		"base URL of a running engine (default: start the pinned kumo; env "+
			enginetest.EnvEndpoint+")")
	fs.DurationVar(&o.timeout, "timeout", scenario.DefaultTimeout,
		"TimeoutSeconds of the valuation task (whole seconds)")
	fs.BoolVar(&o.verbose, "v", false, "show the Lambda handlers' own log lines")
	fs.BoolVar(&o.showNotices, "notices", false, "print every notice received, in full")
	fs.BoolVar(&o.printDefinition, "print-definition", false,
		"print the state machine definition to deploy (TimeoutSeconds from -timeout, "+
			"as a number) and exit; plays nothing")
	fs.StringVar(&o.requestARN, "request-function-arn", "",
		"with -print-definition: the RequestValuation function's ARN "+
			"(default: leave its placeholder)")
	fs.StringVar(&o.notifyARN, "notify-function-arn", "",
		"with -print-definition: the NotifyFailure function's ARN "+
			"(default: leave its placeholder)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	fs.Visit(func(f *flag.Flag) { o.timeoutSet = o.timeoutSet || f.Name == "timeout" })
	return o, nil
}

// run is the command: it reads args, plays the scenarios (or prints the
// definition) and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if o.printDefinition {
		return report(stderr, printDefinition(stdout, o))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	results, err := play(ctx, o, stderr)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "loanvaluation: interrupted; removed what the run created")
		return 130
	}
	if err != nil {
		return report(stderr, err)
	}
	return show(stdout, stderr, results, o.showNotices)
}

// report prints err, if any, and returns the exit code for it: 2 for a
// run that could not be set up.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "loanvaluation:", err)
	return 2
}

// show prints the table, the notices if asked for and the verdict, and
// returns the exit code: 1 when a scenario did not behave as expected.
func show(stdout, stderr io.Writer, results scenario.Results, showNotices bool) int {
	fmt.Fprintln(stdout)
	if err := results.Write(stdout); err != nil {
		return report(stderr, err)
	}
	if showNotices {
		// One blank line between the table, the notices and the verdict.
		fmt.Fprintln(stdout)
		if err := results.WriteNotices(stdout); err != nil {
			return report(stderr, err)
		}
	}
	fmt.Fprintln(stdout)
	if failed := results.Failed(); len(failed) > 0 {
		fmt.Fprintf(stdout, "%d of %d scenarios did not behave as expected: %s\n",
			len(failed), len(results), names(failed))
		return 1
	}
	fmt.Fprintf(stdout, "all %d scenarios behaved as expected\n", len(results))
	return 0
}

// play starts the engine when no endpoint is given, then plays the
// scenarios.
func play(ctx context.Context, o options, stderr io.Writer) (scenario.Results, error) {
	dir, err := exampleDir()
	if err != nil {
		return nil, err
	}
	endpoint := o.endpoint
	if endpoint == "" {
		eng, err := engine.Start(ctx, engine.Options{Log: stderr})
		if err != nil {
			return nil, err
		}
		defer eng.Stop()
		endpoint = eng.Endpoint()
	}
	var handlerOutput io.Writer
	if o.verbose {
		handlerOutput = stderr
	}
	return scenario.Run(ctx, scenario.Config{
		AWS:           enginetest.ConfigFor(endpoint),
		Dir:           dir,
		Timeout:       o.timeout,
		Log:           stderr,
		HandlerOutput: handlerOutput,
	})
}

// exampleDir returns the example's folder; the runner must be run from
// inside the module.
func exampleDir() (string, error) {
	root, err := gotool.ModuleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "examples", "loanvaluation"), nil
}

func names(rs scenario.Results) string {
	var n []string
	for _, r := range rs {
		n = append(n, r.Scenario.Name)
	}
	return strings.Join(n, ", ")
}
