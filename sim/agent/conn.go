package agent

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// trackedConn is a connection the agent dialed. The agent keeps every one,
// so it can expire idle ones on its world's clock and close them all when
// it or its world ends.
type trackedConn struct {
	net.Conn
	a *Agent

	// Guarded by a.mu. expiring is set when the free-socket timer closes
	// it.
	idle     bool
	expiring bool
	// hinted is set when the server's Keep-Alive hint set this
	// connection's free-socket timeout, to hint.
	hinted bool
	hint   time.Duration
	// free is the free-socket timer; its heap fields belong to a.world.
	free timer
	// h2 is set when the handshake chose HTTP/2; streams counts its
	// requests in flight.
	h2      bool
	streams int
	// held is what the world's read gate holds back; under a.world.mu.
	held heldRead

	closeOnce sync.Once
	closeErr  error
	// closes counts Close calls; dropped closes at the second, which is the
	// transport's once it has taken the connection out of its pool.
	closes  atomic.Int32
	dropped chan struct{}
}

// gated is a connection whose reads a world can hold back, such as a
// sim/netem connection.
type gated interface {
	SetReadGate(func(reset bool) <-chan struct{})
}

func newTrackedConn(a *Agent, c net.Conn) *trackedConn {
	tc := &trackedConn{Conn: c, a: a, dropped: make(chan struct{})}
	tc.free = newTimer(tc.expire)
	if g, ok := c.(gated); ok {
		g.SetReadGate(func(reset bool) <-chan struct{} { return a.world.gate(tc, reset) })
	}
	return tc
}

// Read is where a held event counts as consumed: its reader came back.
func (tc *trackedConn) Read(b []byte) (int, error) {
	tc.a.world.consumed(tc, false)
	return tc.Conn.Read(b)
}

// Close forgets the connection and closes it once, whoever asks first: the
// transport, the free-socket timer, the agent or its world. The transport
// closes a free connection only when its reader met the peer's FIN, RST
// or TLS close: a close the process saw before it could reuse the socket.
func (tc *trackedConn) Close() error {
	if tc.closes.Add(1) == 2 {
		close(tc.dropped)
	}
	a := tc.a
	a.mu.Lock()
	if _, ok := a.conns[tc]; ok {
		if tc.idle && !tc.expiring && !a.closed {
			a.world.idleCloses.Add(1)
		}
		delete(a.conns, tc)
		tc.idle = false
		a.world.leave(a, &tc.free, len(a.conns) == 0)
	}
	a.mu.Unlock()
	tc.closeOnce.Do(func() { tc.closeErr = tc.Conn.Close() })
	a.world.consumed(tc, true)
	return tc.closeErr
}

// expire is the free-socket timer's callback.
func (tc *trackedConn) expire(gen uint64) {
	a := tc.a
	a.mu.Lock()
	if !tc.idle || tc.free.gen != gen {
		a.mu.Unlock()
		return
	}
	a.expired++
	tc.expiring = true
	a.mu.Unlock()
	tc.Close()
	// Node's agent forgets a destroyed socket at once; net/http's pool
	// learns of the close from the connection's read loop. Waiting for it
	// keeps a handler that runs right after a thaw from picking the socket.
	select {
	case <-tc.dropped:
	case <-time.After(poolGrace):
	}
}

// poolGrace bounds the wait for the transport to drop an expired
// connection, in case it never held it.
const poolGrace = time.Second

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
	a.markBusyLocked(tc)
}

func (a *Agent) markBusyLocked(tc *trackedConn) {
	if !tc.idle {
		return
	}
	tc.idle = false
	a.world.stop(&tc.free)
}

// markIdle starts the free-socket timer from now, frozen or not: a frozen
// world keeps it pending and fires it on thaw if it came due meanwhile.
func (a *Agent) markIdle(tc *trackedConn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.markIdleLocked(tc)
}

func (a *Agent) markIdleLocked(tc *trackedConn) {
	if _, ok := a.conns[tc]; !ok {
		return
	}
	tc.idle = true
	timeout := a.opts.FreeSocketTimeout
	if tc.hinted {
		// A hint at or under the threshold leaves no time: the timer
		// fires at once.
		timeout = max(tc.hint, time.Nanosecond)
	}
	if timeout > 0 {
		a.world.schedule(&tc.free, a.world.Now().Add(timeout))
	}
}

// hintFrom applies a response's Keep-Alive hint to the connection that
// carried it, before the transport offers it back to the pool.
func (a *Agent) hintFrom(tc *trackedConn, h http.Header) {
	if !a.opts.HonorKeepAliveHint || tc == nil {
		return
	}
	secs, ok := keepAliveTimeout(h.Get("Keep-Alive"))
	if !ok {
		return
	}
	hint := time.Duration(secs)*time.Second - a.opts.HintThreshold
	if a.opts.MaxHintTimeout > 0 {
		hint = min(hint, a.opts.MaxHintTimeout)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	tc.hinted, tc.hint = true, max(hint, 0)
}

// keepAliveTimeout reads the timeout parameter of a Keep-Alive header,
// in seconds: "timeout=5, max=1000".
func keepAliveTimeout(v string) (int, bool) {
	for part := range strings.SplitSeq(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "timeout") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < 0 {
			return 0, false
		}
		return n, true
	}
	return 0, false
}
