package agent

import (
	"net"
	"sync"
	"time"
)

// trackedConn is a connection the agent dialed. The agent keeps every one,
// so it can expire idle ones on its own clock and close them all when the
// container goes away.
type trackedConn struct {
	net.Conn
	a *Agent

	// Guarded by a.mu.
	idle      bool
	idleSince time.Time
	gen       uint64
	timer     *time.Timer

	closeOnce sync.Once
	closeErr  error
}

// Close forgets the connection and closes it once, whoever asks first: the
// transport, the free-socket timer or the agent.
func (tc *trackedConn) Close() error {
	tc.a.mu.Lock()
	delete(tc.a.conns, tc)
	tc.idle = false
	tc.stopTimer()
	tc.a.mu.Unlock()
	tc.closeOnce.Do(func() { tc.closeErr = tc.Conn.Close() })
	return tc.closeErr
}

// stopTimer must be called with a.mu held. Bumping gen disarms a callback
// that already started and waits for the lock.
func (tc *trackedConn) stopTimer() {
	tc.gen++
	if tc.timer != nil {
		tc.timer.Stop()
		tc.timer = nil
	}
}

// unwrap finds the trackedConn under what the transport reports (a
// *tls.Conn for https).
func unwrap(c net.Conn) *trackedConn {
	for c != nil {
		if tc, ok := c.(*trackedConn); ok {
			return tc
		}
		u, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			return nil
		}
		c = u.NetConn()
	}
	return nil
}

func (a *Agent) markBusy(tc *trackedConn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tc.idle = false
	tc.stopTimer()
}

func (a *Agent) markIdle(tc *trackedConn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.conns[tc]; !ok {
		return
	}
	tc.idle = true
	tc.idleSince = time.Now()
	tc.stopTimer()
	if !a.frozen && a.opts.FreeSocketTimeout > 0 {
		a.armLocked(tc, a.opts.FreeSocketTimeout)
	}
}

func (a *Agent) armLocked(tc *trackedConn, after time.Duration) {
	tc.stopTimer()
	gen := tc.gen
	tc.timer = time.AfterFunc(after, func() { a.expire(tc, gen) })
}

func (a *Agent) expire(tc *trackedConn, gen uint64) {
	a.mu.Lock()
	if a.frozen || !tc.idle || tc.gen != gen {
		a.mu.Unlock()
		return
	}
	a.expired++
	a.mu.Unlock()
	tc.Close()
}
