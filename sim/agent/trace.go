package agent

import (
	"crypto/tls"
	"net/http/httptrace"
	"sync"
	"time"
)

// tracer collects one request's phases. The transport calls its hooks from
// its dial and read-loop goroutines, hence the lock.
type tracer struct {
	a *Agent

	mu                                   sync.Mutex
	rec                                  Record
	dnsStart, connStart, tlsStart, ready time.Time
	conn                                 *trackedConn
	// pooled is set once the transport offered the connection back to
	// the pool, whether the pool took it or not.
	pooled bool
	// stream is the HTTP/2 connection the request holds a stream of.
	stream *trackedConn
	// atCap is set when the request started with every socket the agent
	// may open busy: only then is the time before its connection a wait
	// for a socket, and not the transport's own work.
	atCap bool
}

func (t *tracer) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { t.lock(func() { t.dnsStart = time.Now() }) },
		DNSDone: func(httptrace.DNSDoneInfo) {
			t.lock(func() { t.rec.DNS += since(t.dnsStart) })
		},
		ConnectStart: func(string, string) { t.lock(func() { t.connStart = time.Now() }) },
		ConnectDone: func(string, string, error) {
			t.lock(func() { t.rec.Connect += since(t.connStart) })
		},
		TLSHandshakeStart: func() { t.lock(func() { t.tlsStart = time.Now() }) },
		TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
			t.lock(func() {
				t.rec.TLS += since(t.tlsStart)
				t.rec.Handshake = true
				t.rec.TLSResumed = err == nil && cs.DidResume
			})
		},
		GotConn: func(info httptrace.GotConnInfo) {
			tc := unwrap(info.Conn)
			if tc != nil && t.a.openStream(tc) {
				t.swapStream(tc)
			} else if tc != nil {
				t.a.markBusy(tc)
			}
			t.lock(func() {
				t.conn = tc
				t.ready = time.Now()
				if t.atCap {
					own := t.rec.ClientInit + t.rec.DNS + t.rec.Connect + t.rec.TLS
					t.rec.SocketWait = max(t.ready.Sub(t.rec.Start)-own, 0)
				}
				t.rec.Reused = info.Reused
				t.rec.NewConn = !info.Reused
				t.rec.WasIdle = info.WasIdle
				t.rec.IdleTime = info.IdleTime
			})
		},
		GotFirstResponseByte: func() {
			t.lock(func() { t.rec.TTFB = since(t.ready) })
		},
		PutIdleConn: func(err error) {
			var tc *trackedConn
			t.lock(func() { tc, t.pooled = t.conn, true })
			if err == nil && tc != nil {
				t.a.markIdle(tc)
			}
		},
	}
}

func (t *tracer) lock(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f()
}

// swapStream makes tc the request's stream. HTTP/2 retries a request on
// another connection when its first went away before it was sent, so a
// request may get a connection twice; it holds a stream of the last only.
func (t *tracer) swapStream(tc *trackedConn) {
	t.mu.Lock()
	prev := t.stream
	t.stream = tc
	t.mu.Unlock()
	if prev != nil {
		t.a.closeStream(prev)
	}
}

// endStream ends the request's HTTP/2 stream, if it has one.
func (t *tracer) endStream() {
	t.mu.Lock()
	tc := t.stream
	t.stream = nil
	t.mu.Unlock()
	if tc != nil {
		t.a.closeStream(tc)
	}
}

func (t *tracer) isPooled() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pooled
}

func (t *tracer) done() Record {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rec.Total = since(t.rec.Start)
	return t.rec
}

func (t *tracer) fail(err error) Record {
	rec := t.done()
	rec.Err = err.Error()
	rec.Kind = Classify(err)
	rec.Stale = rec.StaleReuse()
	return rec
}

func since(t time.Time) time.Duration {
	if t.IsZero() {
		return 0
	}
	return time.Since(t)
}
