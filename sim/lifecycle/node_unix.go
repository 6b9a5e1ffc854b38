//go:build unix

package lifecycle

import (
	"os"
	"os/exec"
	"syscall"
)

func canFreeze() error { return nil }

func stopProcess(p *os.Process) error     { return p.Signal(syscall.SIGSTOP) }
func continueProcess(p *os.Process) error { return p.Signal(syscall.SIGCONT) }

// detach puts the process in a group of its own, so that a Ctrl-C at the
// terminal reaches the simulator, which then reclaims the containers,
// rather than killing the handlers mid-invocation.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }
