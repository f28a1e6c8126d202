package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/internal/engine"
)

// The pinned benchstat. Change both together.
const (
	BenchstatPackage = "golang.org/x/perf/cmd/benchstat"
	BenchstatVersion = "v0.0.0-20260908200009-22c9c6c9d4da"
)

// progressEvery is the pause between two progress lines of a build.
const progressEvery = 5 * time.Second

// installBenchstat makes sure the pinned benchstat is built and returns its
// path: .bin/benchstat@<version>/benchstat in the module, so that another
// version found there is never taken for the pinned one.
func installBenchstat(ctx context.Context, log io.Writer) (string, error) {
	bin, err := engine.BinDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(bin, "benchstat@"+BenchstatVersion)
	path := filepath.Join(dir, "benchstat")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	fmt.Fprintf(log, "bench: installing benchstat %s with the Go toolchain into %s\n",
		BenchstatVersion, dir)
	cmd := exec.CommandContext(ctx, "go", "install", BenchstatPackage+"@"+BenchstatVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-buildvcs=false")
	var output strings.Builder
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := runWithProgress(cmd, log, "installing benchstat"); err != nil {
		return "", fmt.Errorf("install benchstat: %w\n%s", err, output.String())
	}
	fmt.Fprintf(log, "bench: benchstat installed at %s\n", path)
	return path, nil
}

// runWithProgress runs cmd, writing a line to log every progressEvery
// until it ends.
func runWithProgress(cmd *exec.Cmd, log io.Writer, what string) error {
	done := make(chan struct{})
	defer close(done)
	start := time.Now()
	go func() {
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				fmt.Fprintf(log, "bench: still %s (%s)\n", what,
					time.Since(start).Round(time.Second))
			}
		}
	}()
	return cmd.Run()
}
