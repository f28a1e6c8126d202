//go:build unix && !linux

package lambdarun

import (
	"os"
	"syscall"
)

// processAttr puts a handler process in its own process group, so that a
// Ctrl-C in the terminal reaches only the runner, which then stops its
// processes in order. These systems have no parent-death signal: a runner
// killed with SIGKILL leaves its processes running.
func processAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// terminate asks p to end.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
