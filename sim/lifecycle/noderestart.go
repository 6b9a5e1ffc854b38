package lifecycle

import (
	"context"
	"errors"
	"time"
)

// nodeContainer is a node container whose process may die: as Lambda
// resets an execution environment whose runtime exited, the container's
// next invocation starts a new process in it first, a cold start of its
// own. The invocation that the process died under fails with its stderr.
type nodeContainer struct {
	start func() (instance, error)
	// proc is nil after a restart that failed, until one succeeds.
	proc instance
}

// reviver is a container that may need a new process before an
// invocation.
type reviver interface {
	// revive starts a new process if the last one died, and says how long
	// that took.
	revive() (restarted bool, took time.Duration, err error)
}

func (p *Platform) loadNodeContainer(fn *Function, id int) (instance, error) {
	start := func() (instance, error) { return p.loadNodeFunction(fn, id) }
	proc, err := start()
	if err != nil {
		return nil, err
	}
	return &nodeContainer{start: start, proc: proc}, nil
}

func (c *nodeContainer) revive() (bool, time.Duration, error) {
	if c.proc != nil {
		if !c.proc.(*nodeFunction).dead() {
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

// errNoProcess fails an invocation in a container whose restart failed;
// the platform revives it first, so only a caller that skipped that sees
// it.
var errNoProcess = errors.New("lifecycle: the container has no node process")

func (c *nodeContainer) handle(ctx context.Context, inv *Invocation) error {
	if c.proc == nil {
		return errNoProcess
	}
	return c.proc.handle(ctx, inv)
}

func (c *nodeContainer) freeze() {
	if c.proc != nil {
		c.proc.freeze()
	}
}

func (c *nodeContainer) thaw() {
	if c.proc != nil {
		c.proc.thaw()
	}
}

func (c *nodeContainer) close() {
	if c.proc != nil {
		c.proc.close()
		c.proc = nil
	}
}

// dead reports whether the process has exited.
func (n *nodeFunction) dead() bool {
	select {
	case <-n.exited:
		return true
	default:
		return false
	}
}
