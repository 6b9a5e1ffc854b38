//go:build !unix

package lifecycle

import (
	"errors"
	"os"
	"os/exec"
)

func canFreeze() error {
	return errors.New("lifecycle: runtime node freezes its processes with SIGSTOP, which this system lacks")
}

func stopProcess(*os.Process) error     { return nil }
func continueProcess(*os.Process) error { return nil }
func detach(*exec.Cmd)                  {}
