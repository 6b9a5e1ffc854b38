package netem

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// linger bounds how long a socket stays open for reading after the server
// closed its side, waiting for the outside client to close its own.
const linger = 2 * time.Second

// wrapTCP turns a socket accepted from an outside client into a connection
// whose server end is a *Conn. The client's kernel already completed the
// TCP handshake, so its delay is charged here: the SYN and SYN-ACK flights
// are sent through the paths as if the SYN had arrived on accept, and the
// client's first bytes are shifted by the time they took, then cross the up
// path; the server's bytes cross the down path before reaching the socket.
func (l *Link) wrapTCP(sock net.Conn) (*connection, error) {
	accepted := time.Now()
	hs := &handshakeStage{}
	hs.answered.Store(true) // not yet: the handshake flights need no shift
	cn, err := l.newConnection(hs, 1, func(cn *connection) {
		cn.sock = sock
		cn.stop = make(chan struct{})
		cn.handshake = hs
		cn.server = newConn(cn, cn.up.dst, cn.down, sock.LocalAddr(), sock.RemoteAddr())
	})
	if err != nil {
		return nil, err
	}
	synArrival := cn.up.control(accepted, nil)
	hs.shift = cn.down.control(synArrival, nil).Sub(accepted)
	hs.answered.Store(false)

	var loops atomic.Int32
	loops.Store(2)
	done := func() {
		if loops.Add(-1) == 0 {
			sock.Close()
		}
	}
	l.wg.Go(func() { defer done(); cn.pumpIn() })
	l.wg.Go(func() { defer done(); cn.pumpOut() })
	return cn, nil
}

// pumpIn reads the client's bytes as they come and puts them on the up path.
// A read that fills its buffer is followed by one into a full segment's,
// kept while the client keeps sending; the small one is what an idle
// connection holds.
func (cn *connection) pumpIn() {
	small := make([]byte, idleRead)
	var big *[]byte
	defer func() {
		if big != nil {
			segments.Put(big)
		}
	}()
	for {
		for {
			space := cn.up.spaceCh()
			if !cn.up.full() {
				break
			}
			select {
			case <-space:
			case <-cn.stop:
				return
			}
		}
		buf := small
		if big != nil {
			buf = *big
		}
		n, err := cn.sock.Read(buf)
		if n > 0 {
			cn.up.send(&chunk{data: append([]byte(nil), buf[:n]...)})
		}
		switch {
		case n == len(buf) && big == nil:
			big = segments.Get().(*[]byte)
		case n < len(buf) && big != nil:
			segments.Put(big)
			big = nil
		}
		if err != nil {
			cn.up.send(&chunk{eof: true})
			return
		}
	}
}

// pumpOut writes the server's bytes to the socket as they arrive, and
// half-closes it when the server's close arrives. The buffer is borrowed
// for each write only, so an idle connection holds none.
func (cn *connection) pumpOut() {
	out := cn.down.dst
	for {
		buf := segments.Get().(*[]byte)
		n, eof, reset := out.take(*buf)
		if reset {
			segments.Put(buf)
			// SO_LINGER 0 makes the kernel send the outside client a RST.
			if tc, ok := cn.sock.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			out.close()
			cn.sock.SetReadDeadline(time.Now())
			return
		}
		if n > 0 {
			cn.handshake.answered.Store(true)
			_, err := cn.sock.Write((*buf)[:n])
			segments.Put(buf)
			if err != nil {
				cn.link.log.Debug("netem: write to outside client failed", "remote", cn.sock.RemoteAddr(), "err", err)
				out.close()
				cn.sock.SetReadDeadline(time.Now())
				return
			}
			continue
		}
		segments.Put(buf)
		if eof {
			if cw, ok := cn.sock.(interface{ CloseWrite() error }); ok {
				cw.CloseWrite()
			}
			cn.sock.SetReadDeadline(time.Now().Add(linger))
			return
		}
		select {
		case <-out.ready:
		case <-cn.stop:
			return
		}
	}
}

// idleRead is the buffer an outside connection reads into while its client
// sends little: a TLS handshake flight or a small request fits.
const idleRead = 4 << 10

// segments lends the full-segment buffers outside connections read and
// write through while data flows; thousands of idle connections would
// otherwise hold 128 KiB each.
var segments = sync.Pool{New: func() any {
	b := make([]byte, maxSegment)
	return &b
}}
