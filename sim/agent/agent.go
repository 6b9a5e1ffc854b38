package agent

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// DialFunc dials a connection, as net.Dialer.DialContext does.
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// ErrClosed is returned for requests sent through a closed Agent.
var ErrClosed = errors.New("agent: closed")

// Agent is an HTTP/1.1 client with Node https.Agent semantics, or, with
// Options.HTTP2, an HTTP/2 client as Go's DefaultTransport is. It is safe
// for concurrent use.
type Agent struct {
	opts      Options
	dial      DialFunc
	tlsConfig *tls.Config
	tr        *http.Transport
	world     *World

	mu       sync.Mutex
	conns    map[*trackedConn]struct{}
	closed   bool
	active   int // requests in Do
	dialed   int64
	expired  int64
	requests int64
}

// Stats counts what an agent did with its connections.
type Stats struct {
	Requests int64 // requests sent
	Dialed   int64 // connections dialed
	Expired  int64 // idle connections closed by the free-socket timeout
	Open     int   // connections open now, in use or idle
	Idle     int   // connections idle now
}

// New returns an agent in a world of its own, which never freezes: the
// agent of a program that is not a serverless function. See
// World.NewAgent for the rest.
func New(opts Options, dial DialFunc, tlsConfig *tls.Config) (*Agent, error) {
	return NewWorld().NewAgent(opts, dial, tlsConfig)
}

// NewAgent returns an agent whose free-socket timers run on w's clock. It
// dials through dial and speaks TLS with a clone of tlsConfig. The clone
// gets a session cache of its own (or none when MaxCachedSessions is 0), so
// an agent that lives for the whole container keeps its sessions and an
// agent made per invocation starts empty.
func (w *World) NewAgent(opts Options, dial DialFunc, tlsConfig *tls.Config) (*Agent, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if dial == nil {
		return nil, errors.New("agent: nil dial function")
	}
	cfg := &tls.Config{}
	if tlsConfig != nil {
		cfg = tlsConfig.Clone()
	}
	cfg.ClientSessionCache = nil
	cfg.NextProtos = alpn(cfg.NextProtos, opts.HTTP2)
	if opts.MaxCachedSessions > 0 {
		cfg.ClientSessionCache = tls.NewLRUClientSessionCache(opts.MaxCachedSessions)
	}
	free := opts.MaxFreeSockets
	if free == 0 {
		free = defaultMaxFreeSockets
	}
	a := &Agent{opts: opts, dial: dial, world: w, tlsConfig: cfg, conns: make(map[*trackedConn]struct{})}
	var protos http.Protocols
	protos.SetHTTP1(true)
	protos.SetHTTP2(opts.HTTP2)
	a.tr = &http.Transport{
		DialContext:    a.dialContext,
		DialTLSContext: a.dialTLS,
		// With HTTP/2 on, the transport hands a connection whose handshake
		// chose "h2" to its HTTP/2 pool, which multiplexes on it.
		Protocols:           &protos,
		DisableKeepAlives:   !opts.KeepAlive,
		DisableCompression:  true,
		MaxConnsPerHost:     opts.MaxSockets,
		MaxIdleConnsPerHost: free,
		// IdleConnTimeout stays 0: its timers would fire while the container
		// is frozen; the agent runs its free-socket timers on its world.
	}
	return a, nil
}

// Options returns the options the agent was made with.
func (a *Agent) Options() Options { return a.opts }

// Result is a response read to its end, with the record of its request.
type Result struct {
	Status int
	// Proto is the protocol the response came in, "HTTP/1.1" or
	// "HTTP/2.0".
	Proto  string
	Header http.Header
	Body   []byte
	Record Record
}

// Do sends req, reads the whole body (so a kept-alive connection goes back
// to the pool) and records every phase. The Record is filled even when Do
// fails.
func (a *Agent) Do(req *http.Request) (Result, error) {
	a.mu.Lock()
	closed := a.closed || a.world.ended.Load()
	a.requests++
	// Over HTTP/1.1 each request in flight holds a socket or a dial slot,
	// so with MaxSockets of them already in flight this one must queue.
	atCap := !a.opts.HTTP2 && a.opts.MaxSockets > 0 && a.active >= a.opts.MaxSockets
	a.active++
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.active--
		a.mu.Unlock()
	}()
	t := &tracer{a: a, rec: Record{Start: time.Now()}, atCap: atCap}
	defer t.endStream()
	if closed {
		return Result{Record: t.fail(ErrClosed)}, ErrClosed
	}
	req = req.WithContext(httptrace.WithClientTrace(context.WithValue(req.Context(), tracerKey{}, t), t.clientTrace()))
	resp, err := a.tr.RoundTrip(req)
	if err != nil {
		err = fmt.Errorf("agent: %s %s: %w", req.Method, req.URL.Redacted(), err)
		return Result{Record: t.fail(err)}, err
	}
	var tc *trackedConn
	t.lock(func() { tc = t.conn })
	if resp.ProtoMajor == 1 {
		// HTTP/2 has no Keep-Alive header (RFC 9113, 8.2.2).
		a.hintFrom(tc, resp.Header)
	}
	body, err := io.ReadAll(resp.Body)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		err = fmt.Errorf("agent: %s %s: read body: %w", req.Method, req.URL.Redacted(), err)
		return Result{Status: resp.StatusCode, Proto: resp.Proto, Header: resp.Header, Record: t.fail(err)}, err
	}
	rec := t.done()
	rec.Status = resp.StatusCode
	// The transport decides to pool a connection before it hands the
	// body's end to the reader, so by now it has offered it or dropped it.
	// An HTTP/2 connection never leaves its pool, so it is never offered
	// back.
	rec.HostDropped = a.opts.KeepAlive && resp.ProtoMajor == 1 && !resp.Close && !t.isPooled()
	return Result{Status: resp.StatusCode, Proto: resp.Proto, Header: resp.Header, Body: body, Record: rec}, nil
}

// Close closes every connection the agent dialed that is still open, in use
// or idle, as Node's agent.destroy() does; later requests fail with
// ErrClosed. World.Close does it for every agent of a process.
func (a *Agent) Close() {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.closed = true
	conns := make([]*trackedConn, 0, len(a.conns))
	for tc := range a.conns {
		conns = append(conns, tc)
	}
	a.mu.Unlock()
	for _, tc := range conns {
		tc.Close()
	}
	a.tr.CloseIdleConnections()
}

// Stats returns the agent's counters.
func (a *Agent) Stats() Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := Stats{Requests: a.requests, Dialed: a.dialed, Expired: a.expired, Open: len(a.conns)}
	for tc := range a.conns {
		if tc.idle {
			s.Idle++
		}
	}
	return s
}

func (a *Agent) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	a.mu.Lock()
	closed := a.closed || a.world.ended.Load()
	a.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	c, err := a.dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tc := newTrackedConn(a, c)
	a.mu.Lock()
	if a.closed || !a.world.join(a, len(a.conns) == 0) {
		a.mu.Unlock()
		c.Close()
		return nil, ErrClosed
	}
	a.conns[tc] = struct{}{}
	a.dialed++
	a.mu.Unlock()
	return tc, nil
}
