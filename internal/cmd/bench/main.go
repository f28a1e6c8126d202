// Command bench measures tasktoken: the benchmarks of every package,
// summarised by benchstat, or a load run against the local engine.
//
//	go run ./internal/cmd/bench                 # benchmarks, 6 runs each, benchstat summary
//	go run ./internal/cmd/bench -base old.txt   # the same, compared with an earlier run
//	go run ./internal/cmd/bench -load           # load run on the local engine (kumo)
//
// # Benchmarks
//
// The command installs benchstat at a pinned version with the Go toolchain
// into the module's git-ignored .bin folder when it is missing (progress
// lines while it builds), runs
//
//	go test -run='^$' -bench=. -benchmem -count=6 -p=1 -vet=off ./...
//
// from the module root (-vet=off: vetting is the tests' job) into a file
// (-o; by default .bin/bench/<UTC time>.txt), and prints benchstat's summary
// of it, or its comparison with -base. Compile errors go to standard error,
// not into the file.
// TASKTOKEN_ENDPOINT is removed from the benchmarks' environment, so that
// the benchmarks that need the engine skip and the figures depend on this
// module and the machine only. Packages may be given as arguments.
//
// # Load run
//
// With -load the command runs package loadrun against the engine named by
// TASKTOKEN_ENDPOINT, or a kumo it starts (and stops) itself: -n executions
// each wait for a callback, their tokens are saved in DynamoDB, and each
// reference is redeemed -d times at once. It prints the report and exits
// with status 1 when exactly-once was violated or the run could not finish
// within -timeout.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tasktoken/tasktoken/internal/loadrun"
)

// config holds the command line.
type config struct {
	load bool

	base, out, bench string
	count            int
	packages         []string

	executions, deliveries, concurrency int
	timeout                             time.Duration
}

func main() {
	cfg := parseFlags()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var err error
	if cfg.load {
		err = runLoad(ctx, cfg)
	} else {
		err = runBenchmarks(ctx, cfg)
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: FAIL:", err)
		os.Exit(1)
	}
}

func parseFlags() config {
	var c config
	flag.BoolVar(&c.load, "load", false, "run the load run against the local engine "+
		"instead of the benchmarks")
	flag.StringVar(&c.base, "base", "", "compare with this earlier benchmark output")
	flag.StringVar(&c.out, "o", "", "write the benchmark output here "+
		"(default .bin/bench/<UTC time>.txt in the module)")
	flag.StringVar(&c.bench, "bench", ".", "the benchmarks to run (go test -bench)")
	flag.IntVar(&c.count, "count", 6, "runs of each benchmark (go test -count)")
	flag.IntVar(&c.executions, "n", loadrun.DefaultExecutions,
		fmt.Sprintf("load: executions, one reference each (at most %d)", loadrun.MaxExecutions))
	flag.IntVar(&c.deliveries, "d", loadrun.DefaultDeliveries,
		fmt.Sprintf("load: deliveries of each callback at once (at most %d)",
			loadrun.MaxDeliveries))
	flag.IntVar(&c.concurrency, "concurrency", loadrun.DefaultConcurrency,
		"load: references started, saved and redeemed at once")
	flag.DurationVar(&c.timeout, "timeout", loadrun.DefaultTimeout,
		fmt.Sprintf("load: hard deadline of the run, clean-up excluded (at most %s)",
			loadrun.MaxTimeout))
	flag.Parse()
	c.packages = flag.Args()
	if len(c.packages) == 0 {
		c.packages = []string{"./..."}
	}
	return c
}
