//go:build !unix

package lambdarun

import (
	"os"
	"syscall"
)

// processAttr returns no attributes: these systems have neither process
// groups nor a parent-death signal as Linux has them.
func processAttr() *syscall.SysProcAttr { return nil }

// terminate ends p at once: these systems have no SIGTERM to ask with.
func terminate(p *os.Process) error { return p.Kill() }
