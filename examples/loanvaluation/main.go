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
	os.Exit(run())
}

func run() int {
	endpoint := flag.String("endpoint", os.Getenv(enginetest.EnvEndpoint),
		"base URL of a running engine (default: start the pinned kumo; env "+
			enginetest.EnvEndpoint+")")
	timeout := flag.Duration("timeout", scenario.DefaultTimeout,
		"TimeoutSeconds of the valuation task (whole seconds)")
	verbose := flag.Bool("v", false, "show the Lambda handlers' own log lines")
	showNotices := flag.Bool("notices", false, "print every notice received, in full")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	results, err := play(ctx, *endpoint, *timeout, *verbose)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "loanvaluation: interrupted; removed what the run created")
		return 130
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loanvaluation:", err)
		return 2
	}
	fmt.Println()
	if err := results.Write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loanvaluation:", err)
		return 2
	}
	if *showNotices {
		// One blank line between the table, the notices and the verdict.
		fmt.Println()
		if err := results.WriteNotices(os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "loanvaluation:", err)
			return 2
		}
	}
	fmt.Println()
	if failed := results.Failed(); len(failed) > 0 {
		fmt.Printf("%d of %d scenarios did not behave as expected: %s\n",
			len(failed), len(results), names(failed))
		return 1
	}
	fmt.Printf("all %d scenarios behaved as expected\n", len(results))
	return 0
}

// play starts the engine when no endpoint is given, then plays the
// scenarios.
func play(ctx context.Context, endpoint string, timeout time.Duration,
	verbose bool) (scenario.Results, error) {
	root, err := gotool.ModuleRoot()
	if err != nil {
		return nil, err
	}
	if endpoint == "" {
		eng, err := engine.Start(ctx, engine.Options{Log: os.Stderr})
		if err != nil {
			return nil, err
		}
		defer eng.Stop()
		endpoint = eng.Endpoint()
	}
	var handlerOutput io.Writer
	if verbose {
		handlerOutput = os.Stderr
	}
	return scenario.Run(ctx, scenario.Config{
		AWS:           enginetest.ConfigFor(endpoint),
		Dir:           filepath.Join(root, "examples", "loanvaluation"),
		Timeout:       timeout,
		Log:           os.Stderr,
		HandlerOutput: handlerOutput,
	})
}

func names(rs scenario.Results) string {
	var n []string
	for _, r := range rs {
		n = append(n, r.Scenario.Name)
	}
	return strings.Join(n, ", ")
}
