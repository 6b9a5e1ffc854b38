package upstream

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coldwire/coldwire/sim/clock"
	"github.com/coldwire/coldwire/sim/dist"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// Server is an Upstash-compatible REST server over an in-process miniredis.
type Server struct {
	cfg     Config
	db      *db
	sampler *dist.Sampler
	wait    func(context.Context, time.Duration) error
	log     *slog.Logger
	http    *http.Server
	stats   counters
	syncSeq atomic.Int64
	// keepAliveHint is the Keep-Alive header's value, "" for none.
	keepAliveHint string

	ctx    context.Context // cancelled by Close, ending streams and blocked commands
	cancel context.CancelFunc

	mu       sync.Mutex
	closed   bool
	handlers sync.WaitGroup
}

// New returns a server with an empty database. Close releases it.
func New(cfg Config, opts ...Option) (*Server, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	o := options{logger: slog.Default(), wait: clock.Sleep}
	for _, opt := range opts {
		opt(&o)
	}
	d, err := newDB()
	if err != nil {
		return nil, err
	}
	d.mem.max = cfg.MaxMemory
	d.exp.scripts.timeout = cfg.ScriptTimeout
	s := &Server{cfg: cfg, db: d, sampler: cfg.ServerTime.Sampler(cfg.Seed), wait: o.wait, log: o.logger}
	if secs := int(cfg.KeepAliveHint / time.Second); secs > 0 {
		s.keepAliveHint = fmt.Sprintf("timeout=%d", secs)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.http = &http.Server{
		Handler:     http.HandlerFunc(s.serveHTTP),
		ConnState:   s.connState,
		IdleTimeout: cfg.IdleTimeout,
		// Also bounds the TLS handshake, which net/http runs under the
		// same deadline: a client that connects and says nothing goes.
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		// Handshake failures and closed conns are routine in a simulation.
		ErrorLog: slog.NewLogLogger(o.logger.Handler(), slog.LevelDebug),
		HTTP2:    &http.HTTP2Config{MaxConcurrentStreams: cfg.MaxConcurrentStreams},
	}
	return s, nil
}

// Option adjusts a Server.
type Option func(*options)

type options struct {
	logger *slog.Logger
	wait   func(context.Context, time.Duration) error
}

// WithWait sets how the server spends its processing time. The default, a
// Go timer, rounds sub-millisecond waits up to about a millisecond on
// common Linux machines; a simulation of a fast database passes a precise
// one, such as netem's Scheduler.Sleep.
func WithWait(wait func(ctx context.Context, d time.Duration) error) Option {
	return func(o *options) {
		if wait != nil {
			o.wait = wait
		}
	}
}

// WithLogger sends the server's diagnostics to l (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

// Handler returns the REST API without TLS, for tests and for callers that
// terminate TLS themselves.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// ErrClosed is returned by Serve on a server already closed.
var ErrClosed = errors.New("upstream: server closed")

// Serve accepts connections on ln, serves the API over TLS built from a and
// the configured TLS options, and blocks until Close, when it returns nil.
// ln is typically a sim/netem listener, which carries the network's cost.
func (s *Server) Serve(ln net.Listener, a *simtls.Authority) error {
	if a == nil {
		return errors.New("upstream: Serve needs a TLS authority")
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		ln.Close()
		return ErrClosed
	}
	cfg := a.ServerConfig(s.cfg.TLS)
	cfg.VerifyConnection = s.stats.handshake
	if s.cfg.MaxConns > 0 {
		ln = limit(ln, s.cfg.MaxConns, s.log)
	}
	err := s.http.Serve(tls.NewListener(ln, cfg))
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("upstream: serve: %w", err)
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats { return s.stats.snapshot() }

// Close stops serving, closes every connection, ends event streams and
// blocked commands, and releases the database.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	err := s.http.Close()
	s.handlers.Wait()
	s.db.close()
	if err != nil {
		return fmt.Errorf("upstream: close: %w", err)
	}
	return nil
}

// enter registers a running handler so Close can wait for it.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

// clientDeadline is when a client must have done its part, started now:
// ReadHeaderTimeout from now, or no deadline (the zero time) without one.
func (s *Server) clientDeadline() time.Time {
	if s.cfg.ReadHeaderTimeout <= 0 {
		return time.Time{}
	}
	return time.Now().Add(s.cfg.ReadHeaderTimeout)
}

// think waits the database's processing time for n commands.
func (s *Server) think(ctx context.Context, n int) error {
	var total time.Duration
	for range n {
		total += max(0, s.sampler.Next())
	}
	if total <= 0 {
		return nil
	}
	return s.wait(ctx, total)
}

// syncToken is the upstash-sync-token the SDK echoes for read-your-writes;
// one in-process database is always consistent, so any fresh value will do.
func (s *Server) syncToken() string { return strconv.FormatInt(s.syncSeq.Add(1), 10) }
