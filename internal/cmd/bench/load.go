package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/tasktoken/tasktoken/internal/engine"
	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/loadrun"
)

// errViolated is returned when the load run found a breach of exactly-once.
var errViolated = errors.New("exactly-once violated")

// runLoad runs the load run against the engine and prints its report.
func runLoad(ctx context.Context, cfg config) error {
	opts := loadrun.Options{Executions: cfg.executions, Deliveries: cfg.deliveries,
		Concurrency: cfg.concurrency, Timeout: cfg.timeout, Log: os.Stdout}
	if err := opts.Validate(); err != nil {
		return err
	}
	endpoint, stopEngine, err := engineEndpoint(ctx)
	if err != nil {
		return err
	}
	defer stopEngine()
	rep, err := loadrun.Run(ctx, enginetest.ConfigFor(endpoint),
		func(o *loadrun.Options) { *o = opts })
	if rep != nil {
		fmt.Println()
		if werr := rep.WriteText(os.Stdout); werr != nil {
			err = errors.Join(err, werr)
		}
		if rep.Complete && len(rep.Violations) > 0 {
			err = errors.Join(err, errViolated)
		}
	}
	return err
}

// engineEndpoint returns the engine to load: the one named by
// TASKTOKEN_ENDPOINT, or a kumo started here and stopped by the returned
// function.
func engineEndpoint(ctx context.Context) (string, func(), error) {
	if ep := strings.TrimRight(os.Getenv(enginetest.EnvEndpoint), "/"); ep != "" {
		fmt.Printf("bench: load run against the engine at %s (%s)\n", ep, enginetest.EnvEndpoint)
		return ep, func() {}, nil
	}
	e, err := engine.Start(ctx, engine.Options{Log: os.Stdout})
	if err != nil {
		return "", nil, err
	}
	return e.Endpoint(), func() {
		fmt.Println("bench: stopping kumo")
		_ = e.Stop()
	}, nil
}
