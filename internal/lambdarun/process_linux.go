package lambdarun

import (
	"os"
	"syscall"
)

// processAttr puts a handler process in its own process group, so that a
// Ctrl-C in the terminal reaches only the runner, which then stops its
// processes in order; and asks the kernel to send it SIGTERM when the
// runner dies, so that a runner killed with SIGKILL leaves no handler
// behind. (The kernel sends that signal when the thread that started the
// process ends; the Go runtime ends threads only that a goroutine locked
// and left locked, which the runner does not do.)
func processAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// terminate asks p to end.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
