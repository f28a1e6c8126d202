// Command testall runs every check and test of the module on a fresh
// machine with only Go installed: gofmt, go vet, then go test -race over
// every package with the integration tests included, against the pinned
// local engine (kumo), which it installs, starts and always stops.
//
// Run it from anywhere inside the module:
//
//	go run ./internal/cmd/testall
//
// With TASKTOKEN_ENDPOINT set, it uses the engine found there instead of
// starting one. Extra arguments are passed to go test, for example
// `go run ./internal/cmd/testall -run TestConformance`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tasktoken/tasktoken/internal/engine"
	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/gotool"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testall: FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("testall: every check passed")
}

func run(ctx context.Context, testArgs []string) error {
	root, err := gotool.ModuleRoot()
	if err != nil {
		return err
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	if err := checkFormat(ctx); err != nil {
		return err
	}
	if err := step(ctx, "go vet", "go", "vet", "./..."); err != nil {
		return err
	}
	endpoint, stopEngine, err := engineEndpoint(ctx)
	if err != nil {
		return err
	}
	defer stopEngine()
	return runTests(ctx, endpoint, testArgs)
}

// checkFormat fails when gofmt would change any file.
func checkFormat(ctx context.Context) error {
	fmt.Println("testall: gofmt -l .")
	out, err := exec.CommandContext(ctx, "gofmt", "-l", ".").CombinedOutput()
	if err != nil {
		return fmt.Errorf("gofmt: %w\n%s", err, out)
	}
	if files := strings.TrimSpace(string(out)); files != "" {
		return fmt.Errorf("gofmt wants to change these files (run gofmt -w):\n%s", files)
	}
	return nil
}

// engineEndpoint returns the engine to test against: the one named by
// TASKTOKEN_ENDPOINT, or a kumo started here and stopped by the returned
// function.
func engineEndpoint(ctx context.Context) (string, func(), error) {
	if ep := os.Getenv(enginetest.EnvEndpoint); ep != "" {
		fmt.Printf("testall: using the engine at %s (%s)\n", ep, enginetest.EnvEndpoint)
		return ep, func() {}, nil
	}
	e, err := engine.Start(ctx, engine.Options{Log: os.Stdout})
	if err != nil {
		return "", nil, err
	}
	return e.Endpoint(), func() {
		fmt.Println("testall: stopping kumo")
		_ = e.Stop()
	}, nil
}

// runTests runs every test with the race detector and the integration tests
// on, then every benchmark once so that none rots.
func runTests(ctx context.Context, endpoint string, extra []string) error {
	os.Setenv(enginetest.EnvEndpoint, endpoint)
	args := append([]string{"test", "-race", "-count=1", "-timeout=15m"}, extra...)
	if err := step(ctx, "go test -race", "go", append(args, "./...")...); err != nil {
		return err
	}
	if len(extra) > 0 {
		return nil
	}
	return step(ctx, "benchmarks, once each", "go", "test", "-run=^$", "-bench=.",
		"-benchtime=1x", "./...")
}

// step runs one command with its output on ours.
func step(ctx context.Context, name, command string, args ...string) error {
	fmt.Printf("testall: %s\n", strings.Join(append([]string{command}, args...), " "))
	start := time.Now()
	cmd := exec.CommandContext(ctx, command, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Printf("testall: %s passed in %s\n", name, time.Since(start).Round(time.Second))
	return nil
}
