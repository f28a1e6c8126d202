package lambdarun_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

// envRunnerScript, when set, makes TestHandlerEndsWithKilledRunner act as
// the runner: it starts the script it names as a handler, prints the
// handler's process id and waits to be killed.
const envRunnerScript = "LAMBDARUN_TEST_RUNNER_SCRIPT"

// TestHandlerEndsWithKilledRunner kills a runner with SIGKILL, which it
// cannot catch to stop its processes, and checks that the handler process
// it started ends anyway.
func TestHandlerEndsWithKilledRunner(t *testing.T) {
	if script := os.Getenv(envRunnerScript); script != "" {
		actAsRunner(script)
		return
	}
	script := filepath.Join(t.TempDir(), "sleeper")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755))
	runner := exec.Command(os.Args[0], "-test.run=^TestHandlerEndsWithKilledRunner$")
	runner.Env = append(os.Environ(), envRunnerScript+"="+script)
	stdout, err := runner.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, runner.Start())
	t.Cleanup(func() { _ = runner.Process.Kill(); _ = runner.Wait() })

	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "the runner prints its handler's process id")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	require.NoError(t, err, line)
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	require.True(t, running(t, pid), "the handler runs while its runner does")

	require.NoError(t, runner.Process.Kill())
	assert.Eventually(t, func() bool { return !running(t, pid) }, 20*time.Second,
		50*time.Millisecond, "handler process %d outlived its killed runner", pid)
}

// actAsRunner starts script as a handler, prints its process id and
// blocks until the test kills this process.
func actAsRunner(script string) {
	p, err := lambdarun.Start(context.Background(), lambdarun.Function{
		Name: "sleeper", Binary: script, Endpoint: "http://127.0.0.1:1",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(p.PID())
	time.Sleep(time.Hour)
}

// running reports whether process pid exists and is not a zombie waiting
// to be reaped.
func running(t *testing.T, pid int) bool {
	t.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	require.NoError(t, err)
	// The state follows the command name in parentheses: "pid (comm) S ...".
	_, rest, ok := strings.Cut(string(stat), ") ")
	require.True(t, ok, string(stat))
	return !strings.HasPrefix(rest, "Z") && !strings.HasPrefix(rest, "X")
}
