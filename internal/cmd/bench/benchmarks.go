package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/gotool"
)

// runBenchmarks installs benchstat if needed, runs the benchmarks into a
// file and prints benchstat's summary of it. A failed go test still gets
// its summary of what was measured, then fails the command.
func runBenchmarks(ctx context.Context, cfg config) error {
	benchstatPath, err := gotool.Install(ctx, os.Stdout, benchstat)
	if err != nil {
		return err
	}
	root, err := gotool.ModuleRoot()
	if err != nil {
		return err
	}
	out, err := outputPath(root, cfg.out)
	if err != nil {
		return err
	}
	testErr := goTestBench(ctx, root, out, cfg)
	fmt.Printf("bench: benchmark output in %s\n\n", out)
	if err := summarize(ctx, benchstatPath, cfg.base, out); err != nil {
		return errors.Join(testErr, err)
	}
	return testErr
}

// outputPath returns where to write the benchmark output: the -o flag, or
// a new file named by the time under .bin/bench.
func outputPath(root, flagged string) (string, error) {
	if flagged != "" {
		return filepath.Abs(flagged)
	}
	dir := filepath.Join(root, ".bin", "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	name := time.Now().UTC().Format("20060102T150405Z") + ".txt"
	return filepath.Join(dir, name), nil
}

// goTestBench runs the benchmarks from the module root, one package at a
// time so that none measures while another runs, writing go test's standard
// output to path and a progress line per package to stdout. The load
// average before and after is printed: the machine is shared, and a busy
// one shows in the ± column.
func goTestBench(ctx context.Context, root, path string, cfg config) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	args := append([]string{"test", "-run=^$", "-bench=" + cfg.bench, "-benchmem",
		fmt.Sprintf("-count=%d", cfg.count), "-p=1", "-vet=off"}, cfg.packages...)
	fmt.Printf("bench: go %s (one package at a time; this takes minutes)\n",
		strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = withoutVar(os.Environ(), enginetest.EnvEndpoint)
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	// Compile errors go to stderr, never into the file: benchstat would
	// read their "vet: ..." lines as configuration and split its tables.
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	printLoad("before")
	copyErr := copyReporting(f, pipe)
	defer printLoad("after")
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("go test: %w (see %s)", err, path)
	}
	return copyErr
}

// copyReporting copies go test's output to w, echoing the lines that show
// progress or trouble: each package as it starts and ends, and failures.
func copyReporting(w io.Writer, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
		if progressLine(line) {
			fmt.Println("  " + line)
		}
	}
	return sc.Err()
}

func progressLine(line string) bool {
	for _, prefix := range []string{"pkg: ", "ok ", "FAIL", "--- FAIL", "panic:"} {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return strings.Contains(line, ".go:") // a benchmark's log or failure line
}

// summarize prints benchstat's summary of out, compared with base if set.
func summarize(ctx context.Context, benchstat, base, out string) error {
	args := []string{out}
	if base != "" {
		args = []string{base, out}
	}
	cmd := exec.CommandContext(ctx, benchstat, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("benchstat: %w", err)
	}
	return nil
}

// withoutVar returns env without the variable name.
func withoutVar(env []string, name string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// printLoad prints the machine's load average (Linux; silent elsewhere).
func printLoad(when string) {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	fields := strings.Fields(string(data))
	if len(fields) >= 3 {
		fmt.Printf("bench: load average %s: %s %s %s (1, 5, 15 min) on %d cores\n",
			when, fields[0], fields[1], fields[2], runtime.NumCPU())
	}
}
