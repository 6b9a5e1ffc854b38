//go:build linux

package cgroup

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
)

func supported() error { return nil }

func killPID(pid int) { syscall.Kill(pid, syscall.SIGKILL) }

// Start starts cmd in the group. In a v2 hierarchy the process is created
// there (clone3 with CLONE_INTO_CGROUP), so all of its code runs under the
// group's freezer and limit. A v1 hierarchy has no such call: the process
// is moved there right after it started, so Node's first few microseconds
// of startup run outside the CPU limit. If it cannot be moved, it is killed
// and waited for, and Start fails.
func (g *Group) Start(cmd *exec.Cmd) error {
	var v1 []string
	for _, dir := range g.dirs {
		if h := g.hierarchyOf(dir); h != nil && h.v2 {
			f, err := os.Open(dir)
			if err != nil {
				return fmt.Errorf("cgroup: %w", err)
			}
			defer f.Close()
			if cmd.SysProcAttr == nil {
				cmd.SysProcAttr = &syscall.SysProcAttr{}
			}
			cmd.SysProcAttr.UseCgroupFD, cmd.SysProcAttr.CgroupFD = true, int(f.Fd())
			continue
		}
		v1 = append(v1, dir)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	for _, dir := range v1 {
		if err := os.WriteFile(filepath.Join(dir, "cgroup.procs"), []byte(pid), 0o644); err != nil {
			cmd.Process.Kill()
			return errors.Join(fmt.Errorf("cgroup: %w", err), cmd.Wait())
		}
	}
	return nil
}

func (g *Group) hierarchyOf(dir string) *hierarchy {
	for _, h := range []*hierarchy{g.freezer, g.cpu} {
		if h != nil && h.dir == dir {
			return h
		}
	}
	return nil
}
