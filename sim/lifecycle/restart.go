package lifecycle

import (
	"context"
	"errors"
	"time"
)

// restarting is a container whose runtime may have to start again, as
// Lambda resets an execution environment whose invocation crashed or timed
// out: "Lambda resets the execution environment ... If this execution
// environment is used for the next invocation, Lambda re-initializes the
// runtime" (Lambda developer guide, "Lambda execution environment",
// failures during the invoke phase). The container, its place in the pool
// and its life stay; its process (or, for the in-process runtime, its
// world: globals, agents and their sockets) is new, and the next
// invocation is a cold start whose init is that start, without
// Function.Init.
type restarting struct {
	start func() (instance, error)
	// proc is nil after a reset, or after a restart that failed, until
	// one succeeds.
	proc instance
}

// mortal is a runtime that can die on its own: a process.
type mortal interface{ dead() bool }

// newRestarting starts a container's runtime with start, which it calls
// again for each restart.
func newRestarting(start func() (instance, error)) (*restarting, error) {
	proc, err := start()
	if err != nil {
		return nil, err
	}
	return &restarting{start: start, proc: proc}, nil
}

// revive starts a new runtime if the last one died or was reset, and says
// how long that took.
func (c *restarting) revive() (bool, time.Duration, error) {
	if c.proc != nil {
		if m, ok := c.proc.(mortal); !ok || !m.dead() {
			return false, 0, nil
		}
		c.proc.close()
		c.proc = nil
	}
	begin := time.Now()
	proc, err := c.start()
	took := time.Since(begin)
	if err != nil {
		return true, took, err
	}
	c.proc = proc
	return true, took, nil
}

// reset ends the runtime now, as after an invocation that timed out: its
// sockets close, and the next invocation starts a new one.
func (c *restarting) reset() {
	if c.proc != nil {
		c.proc.close()
		c.proc = nil
	}
}

// errNoRuntime fails an invocation in a container whose restart failed;
// the platform revives it first, so only a caller that skipped that sees
// it.
var errNoRuntime = errors.New("lifecycle: the container has no runtime running")

func (c *restarting) handle(ctx context.Context, inv *Invocation) error {
	if c.proc == nil {
		return errNoRuntime
	}
	return c.proc.handle(ctx, inv)
}

func (c *restarting) freeze() {
	if c.proc != nil {
		c.proc.freeze()
	}
}

func (c *restarting) thaw() {
	if c.proc != nil {
		c.proc.thaw()
	}
}

func (c *restarting) close() {
	if c.proc != nil {
		c.proc.close()
		c.proc = nil
	}
}
