//go:build !linux

package cgroup

import (
	"errors"
	"os/exec"
)

func supported() error { return errors.New("control groups are a Linux feature") }

func killPID(int) {}

// Start starts cmd; without control groups, there is no group to put it in.
func (g *Group) Start(cmd *exec.Cmd) error { return cmd.Start() }
