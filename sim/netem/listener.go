package netem

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// Listener accepts connections dialed through the link in-process and from
// outside clients on its real TCP address. It implements net.Listener.
type Listener struct {
	link *Link
	host string
	tcp  net.Listener
	port int

	mu     sync.Mutex
	queue  []*connection
	ready  chan struct{}
	done   chan struct{}
	once   sync.Once
	accept sync.WaitGroup
}

var _ net.Listener = (*Listener)(nil)

// Listen opens a listener known to the emulated DNS as host (it may be empty
// or an IP) and listening for outside clients on the TCP address addr
// ("127.0.0.1:0" if empty). In-process dials reach it at host:port or
// 127.0.0.1:port, port being that of Addr.
func (l *Link) Listen(host, addr string) (*Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	tcp, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("netem: listen: %w", err)
	}
	ln := &Listener{
		link:  l,
		host:  host,
		tcp:   tcp,
		port:  tcp.Addr().(*net.TCPAddr).Port,
		ready: make(chan struct{}, 1),
		done:  make(chan struct{}),
	}
	if err := l.register(ln, ln.port); err != nil {
		tcp.Close()
		return nil, err
	}
	ln.accept.Go(ln.acceptTCP)
	return ln, nil
}

// Accept waits for the next connection, in-process or outside; either way it
// is a *Conn.
func (ln *Listener) Accept() (net.Conn, error) {
	for {
		ln.mu.Lock()
		if len(ln.queue) > 0 {
			cn := ln.queue[0]
			ln.queue[0] = nil
			ln.queue = ln.queue[1:]
			more := len(ln.queue) > 0
			ln.mu.Unlock()
			if more {
				ln.signal()
			}
			return cn.server, nil
		}
		ln.mu.Unlock()
		select {
		case <-ln.ready:
		case <-ln.done:
			return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: ln.Addr(), Err: net.ErrClosed}
		}
	}
}

// Close stops accepting. Connections not yet accepted are closed; accepted
// ones live on, as with any net.Listener.
func (ln *Listener) Close() error {
	first := false
	ln.once.Do(func() {
		first = true
		ln.mu.Lock()
		close(ln.done)
		queued := ln.queue
		ln.queue = nil
		ln.mu.Unlock()
		ln.link.unregister(ln, ln.port)
		ln.tcp.Close()
		ln.accept.Wait()
		for _, cn := range queued {
			cn.abort()
		}
	})
	if !first {
		return &net.OpError{Op: "close", Net: "tcp", Addr: ln.Addr(), Err: net.ErrClosed}
	}
	return nil
}

// Addr returns the real TCP address.
func (ln *Listener) Addr() net.Addr { return ln.tcp.Addr() }

// Host returns the name the emulated DNS knows the listener by.
func (ln *Listener) Host() string { return ln.host }

// enqueue hands an established connection to Accept. It runs on the
// scheduler goroutine for in-process dials, so it must not block.
func (ln *Listener) enqueue(cn *connection) bool {
	ln.mu.Lock()
	if isClosed(ln.done) {
		ln.mu.Unlock()
		return false
	}
	ln.queue = append(ln.queue, cn)
	ln.mu.Unlock()
	ln.link.established(cn)
	ln.signal()
	return true
}

func (ln *Listener) signal() {
	select {
	case ln.ready <- struct{}{}:
	default:
	}
}

func (ln *Listener) acceptTCP() {
	for {
		sock, err := ln.tcp.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || isClosed(ln.done) {
				return
			}
			ln.link.log.Warn("netem: accept failed", "addr", ln.Addr(), "err", err)
			select {
			case <-ln.done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		cn, err := ln.link.wrapTCP(sock)
		if err != nil {
			sock.Close()
			continue
		}
		if !ln.enqueue(cn) {
			cn.abort()
		}
	}
}
