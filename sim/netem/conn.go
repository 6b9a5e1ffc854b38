package netem

import (
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Conn is one end of an emulated connection. What it writes reaches the peer
// after the link's one-way delay; what the peer writes waits in its inbox.
// It implements net.Conn, deadlines included.
type Conn struct {
	conn          *connection
	in            *inbox
	out           *path
	local, remote net.Addr

	rd, wd    *deadline
	rmu, wmu  sync.Mutex
	closed    chan struct{}
	closeOnce sync.Once

	linger atomic.Bool // Close resets rather than ends the stream
}

// connection is what both ends of one emulated connection share.
type connection struct {
	link     *Link
	counters counters
	up, down *path
	ends     atomic.Int32 // ends not yet closed
	opened   atomic.Bool  // the server end was handed to a listener
	client   *Conn
	server   *Conn
	sock     net.Conn      // outside client's socket; nil in-process
	stop     chan struct{} // closed by abort, stops the socket's pumps
	stopOnce sync.Once
	// handshake shifts an outside client's first bytes; nil in-process.
	handshake *handshakeStage
}

var _ net.Conn = (*Conn)(nil)

func newConn(c *connection, in *inbox, out *path, local, remote net.Addr) *Conn {
	return &Conn{
		conn: c, in: in, out: out, local: local, remote: remote,
		rd: newDeadline(), wd: newDeadline(), closed: make(chan struct{}),
	}
}

// SetReadGate makes the end ask gate whenever something arrives (data, the
// end of the stream or a reset, which reset reports) and whenever Read is
// about to take it: a nil channel lets Read take it, any other makes it wait
// until the channel closes, or until something else arrives, and ask again.
// A frozen process reads nothing, though its kernel receives; the gate is
// how it says so. gate runs on the link's scheduler for arrivals, so it
// must not block. A nil gate removes it.
func (c *Conn) SetReadGate(gate func(reset bool) <-chan struct{}) {
	if gate == nil {
		c.in.gate.Store(nil)
		return
	}
	c.in.gate.Store(&gate)
}

// SetLinger(0) makes Close abort the connection with a RST instead of
// ending the stream, as SO_LINGER 0 does; any other value restores the
// orderly close.
func (c *Conn) SetLinger(sec int) error {
	c.linger.Store(sec == 0)
	return nil
}

// Read reads bytes that have arrived. It returns io.EOF once the peer has
// closed and every byte it wrote before closing has been read, and
// ECONNRESET once a RST has arrived.
func (c *Conn) Read(b []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	for {
		if isClosed(c.closed) {
			return 0, c.opError("read", net.ErrClosed)
		}
		expired := c.rd.done()
		if isClosed(expired) {
			return 0, c.opError("read", os.ErrDeadlineExceeded)
		}
		if len(b) == 0 {
			return 0, nil
		}
		if wait := c.held(); wait != nil {
			select {
			case <-wait:
			case <-c.in.ready:
			case <-c.closed:
			case <-expired:
			}
			continue
		}
		n, eof, reset := c.in.take(b)
		if n > 0 {
			return n, nil
		}
		if reset {
			return 0, c.opError("read", errReset("read"))
		}
		if eof {
			return 0, io.EOF
		}
		select {
		case <-c.in.ready:
		case <-c.closed:
		case <-expired:
		}
	}
}

// Write hands b to the link and returns without waiting for the delay; it
// blocks only while the window of bytes not yet read by the peer is full.
func (c *Conn) Write(b []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	n := 0
	for {
		if isClosed(c.closed) {
			return n, c.opError("write", net.ErrClosed)
		}
		expired := c.wd.done()
		if isClosed(expired) {
			return n, c.opError("write", os.ErrDeadlineExceeded)
		}
		if c.in.wasReset() {
			return n, c.opError("write", errReset("write"))
		}
		if n == len(b) {
			return n, nil
		}
		space := c.out.spaceCh()
		if c.out.full() {
			select {
			case <-space:
			case <-c.closed:
			case <-expired:
			}
			continue
		}
		seg := b[n:min(len(b), n+maxSegment)]
		c.out.send(&chunk{data: append([]byte(nil), seg...)})
		n += len(seg)
	}
}

// Close ends this side: local calls fail with net.ErrClosed at once, and the
// peer reads io.EOF after the data already on its way.
func (c *Conn) Close() error {
	first := false
	c.closeOnce.Do(func() {
		first = true
		close(c.closed)
		c.rd.stop()
		c.wd.stop()
		c.in.close()
		c.out.send(&chunk{eof: !c.linger.Load(), rst: c.linger.Load()})
		c.conn.endClosed()
	})
	if !first {
		return c.opError("close", net.ErrClosed)
	}
	return nil
}

// held returns what to wait on when the gate holds back what has arrived,
// or nil.
func (c *Conn) held() <-chan struct{} {
	g := c.in.gate.Load()
	if g == nil {
		return nil
	}
	ready, reset := c.in.pending()
	if !ready {
		return nil
	}
	return (*g)(reset)
}

func errReset(op string) error { return &os.SyscallError{Syscall: op, Err: syscall.ECONNRESET} }

// Stats returns the counters of the connection this end belongs to.
func (c *Conn) Stats() ConnStats { return c.conn.counters.snapshot() }

// LocalAddr returns this end's address.
func (c *Conn) LocalAddr() net.Addr { return c.local }

// RemoteAddr returns the peer's address.
func (c *Conn) RemoteAddr() net.Addr { return c.remote }

// SetDeadline sets the read and write deadlines.
func (c *Conn) SetDeadline(t time.Time) error {
	c.rd.set(t)
	c.wd.set(t)
	return nil
}

// SetReadDeadline sets the deadline for pending and future Reads.
func (c *Conn) SetReadDeadline(t time.Time) error {
	c.rd.set(t)
	return nil
}

// SetWriteDeadline sets the deadline for pending and future Writes.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	c.wd.set(t)
	return nil
}

func (c *Conn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: "tcp", Source: c.local, Addr: c.remote, Err: err}
}

// endClosed records that one end has closed; the connection counts as
// closed once all its ends have.
func (cn *connection) endClosed() {
	if cn.ends.Add(-1) == 0 {
		cn.link.forget(cn, cn.opened.Load())
	}
}

// abort closes every end at once, for Link.Close.
func (cn *connection) abort() {
	for _, c := range []*Conn{cn.client, cn.server} {
		if c != nil {
			c.Close()
		}
	}
	if cn.sock != nil {
		cn.stopOnce.Do(func() { close(cn.stop) })
		cn.sock.Close()
	}
}
