package upstream

import (
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
)

// limitListener caps the connections open at once. A connection past the
// cap is accepted and closed at once, as Redis does past maxclients: the
// client learns right away instead of waiting in the kernel's backlog, as
// it would behind a listener that stops accepting, and the connections
// that count are the ones open, not the ones queued.
type limitListener struct {
	net.Listener
	max     int64
	open    atomic.Int64
	refused atomic.Int64
	log     *slog.Logger
}

func limit(ln net.Listener, n int, log *slog.Logger) *limitListener {
	return &limitListener{Listener: ln, max: int64(n), log: log}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.open.Add(1) <= l.max {
			return &limitedConn{Conn: c, l: l}, nil
		}
		l.open.Add(-1)
		c.Close()
		if n := l.refused.Add(1); n&(n-1) == 0 {
			// Powers of two: a flood is visible without a line per conn.
			l.log.Warn("upstream: connection refused at the cap", "max_conns", l.max, "refused_so_far", n)
		}
	}
}

// limitedConn gives its slot back once, however often it is closed.
type limitedConn struct {
	net.Conn
	l    *limitListener
	once sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.open.Add(-1) })
	return err
}
