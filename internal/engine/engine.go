package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Address is where the engine listens. kumo's Step Functions integrations
// call localhost:4566, so no other port works.
const Address = "127.0.0.1:4566"

// ErrPortInUse is returned by [Start] when something already listens on
// [Address].
var ErrPortInUse = errors.New("engine: port 4566 is in use")

// Options configure [Start].
type Options struct {
	// Log receives progress lines. Nil discards them.
	Log io.Writer
	// ReadyTimeout bounds the wait for the engine to answer. Zero means 30s.
	ReadyTimeout time.Duration
}

// Engine is a running kumo process started by [Start].
type Engine struct {
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
}

// Start installs the pinned kumo if needed, starts it on [Address] and
// waits until it answers. It refuses with [ErrPortInUse] when the port is
// held by another process. Call [Engine.Stop] when done.
func Start(ctx context.Context, opts Options) (*Engine, error) {
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	if err := checkPortFree(); err != nil {
		return nil, err
	}
	path, err := Install(ctx, log)
	if err != nil {
		return nil, err
	}
	e, err := launch(path)
	if err != nil {
		return nil, err
	}
	if err := e.waitReady(ctx, opts.ReadyTimeout); err != nil {
		_ = e.Stop()
		return nil, err
	}
	fmt.Fprintf(log, "engine: kumo %s answers at %s\n", Kumo.Version, e.Endpoint())
	return e, nil
}

// checkPortFree fails with a clear message when something listens on the
// engine's port already.
func checkPortFree() error {
	l, err := net.Listen("tcp", Address)
	if err != nil {
		return fmt.Errorf("%w (%v): stop whatever holds it, or, if it is a kumo %s "+
			"you started yourself, point the run at it with TASKTOKEN_ENDPOINT=http://%s",
			ErrPortInUse, err, Kumo.Version, Address)
	}
	return l.Close()
}

// launch starts kumo in its own process group, its output going to a log
// file beside the binary.
func launch(path string) (*Engine, error) {
	logFile, err := os.CreateTemp(filepath.Dir(path), "kumo-*.log")
	if err != nil {
		return nil, fmt.Errorf("engine: create kumo log: %w", err)
	}
	host, port, _ := net.SplitHostPort(Address)
	cmd := exec.Command(path, "--host", host, "--port", port)
	cmd.Env = append(withoutVar(os.Environ(), "KUMO_DATA_DIR"), "KUMO_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("engine: start kumo: %w", err)
	}
	e := &Engine{cmd: cmd, logPath: logFile.Name(), exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(e.exited)
	}()
	return e, nil
}

// Endpoint returns the engine's base URL.
func (e *Engine) Endpoint() string { return "http://" + Address }

// waitReady polls the engine's health page until it answers, the process
// exits, or the timeout passes.
func (e *Engine) waitReady(ctx context.Context, timeout time.Duration) error {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if healthy(ctx, e.Endpoint()) {
			return nil
		}
		select {
		case <-e.exited:
			return fmt.Errorf("engine: kumo exited before answering:\n%s", e.logTail())
		case <-ctx.Done():
			return fmt.Errorf("engine: kumo did not answer within %s:\n%s", timeout, e.logTail())
		case <-tick.C:
		}
	}
}

// Stop ends the engine and every process it started, waiting up to five
// seconds before killing it.
func (e *Engine) Stop() error {
	select {
	case <-e.exited:
		return nil
	default:
	}
	_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-e.exited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
		<-e.exited
	}
	_ = os.Remove(e.logPath)
	return nil
}

func healthy(ctx context.Context, endpoint string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/health", nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (e *Engine) logTail() string {
	data, err := os.ReadFile(e.logPath)
	if err != nil {
		return "(no kumo log)"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return strings.Join(lines, "\n")
}

func withoutVar(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
