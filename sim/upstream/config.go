package upstream

import (
	"errors"
	"fmt"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// Defaults for the limits of a Config left at zero.
const (
	// DefaultMaxBodyBytes bounds a request body.
	DefaultMaxBodyBytes = 1 << 20
	// DefaultReadHeaderTimeout is a ReadHeaderTimeout that suits a server
	// left running; a Config has none unless it sets one.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultMaxConns is a cap on the connections open at once that suits
	// a server left running; a Config has none unless it sets one.
	DefaultMaxConns = 4096
	// DefaultMaxBacklogBytes bounds what an event stream may have waiting
	// for a slow client before it is disconnected.
	DefaultMaxBacklogBytes = 1 << 20
	// DefaultScriptTimeout is how long a Lua script may run, Redis's
	// lua-time-limit.
	DefaultScriptTimeout = 5 * time.Second
)

// Config describes the database server.
type Config struct {
	// Token authorizes every command; it is required.
	Token string
	// ReadOnlyToken, when set, authorizes read-only commands only.
	ReadOnlyToken string
	// MaxBodyBytes bounds a request body (0 = DefaultMaxBodyBytes); larger
	// bodies get 413.
	MaxBodyBytes int64
	// ServerTime is the database's own time per command: a pipeline of N
	// commands waits N samples before it is answered.
	ServerTime dist.Duration
	// IdleTimeout closes kept-alive connections idle longer than this
	// (0 = never).
	IdleTimeout time.Duration
	// IdleClose is how the server closes connections: IdleCloseFIN (the
	// default, "") or IdleCloseRST, an abortive close.
	IdleClose string
	// KeepAliveHint, when positive, is announced on every response as
	// "Keep-Alive: timeout=N", in whole seconds, as Node's HTTP server
	// announces its keepAliveTimeout; clients such as undici then keep an
	// idle connection for the hint less a margin.
	KeepAliveHint time.Duration
	// ReadHeaderTimeout, when set, bounds a connection's TLS handshake and
	// each request's headers, and then its body, and the time a client has
	// to take each piece of a large reply or of an event stream. A
	// simulation leaves it unset: its link may stretch a handshake to any
	// length, time dilation included.
	ReadHeaderTimeout time.Duration
	// MaxConns, when set, bounds the connections open at once; one more is
	// accepted and closed at once. A simulation leaves it unset, so the
	// connections its clients leave open cost what they cost and no more.
	MaxConns int
	// MaxBacklogBytes bounds the events waiting for one event stream
	// (0 = DefaultMaxBacklogBytes); a client that falls further behind is
	// disconnected.
	MaxBacklogBytes int64
	// MaxMemory, when set, refuses a command with Redis's OOM error when
	// the memory in use plus what the command may allocate would pass it.
	// It counts the whole process's heap, as Redis counts its allocator's.
	MaxMemory int64
	// ScriptTimeout stops a Lua script that runs longer, answering BUSY
	// (0 = DefaultScriptTimeout).
	ScriptTimeout time.Duration
	// TLS chooses the versions, session tickets and ALPN Serve offers. An
	// empty ALPN offers "h2" and "http/1.1", as Upstash's endpoints do: a
	// client that offers "h2" gets HTTP/2.
	TLS simtls.ServerOptions
	// MaxConcurrentStreams bounds the requests in flight on one HTTP/2
	// connection (0: net/http's default of 250); a client with more to
	// send waits or opens another connection, as its transport decides.
	MaxConcurrentStreams int
	// Seed fixes the sequence of ServerTime samples.
	Seed uint64
}

// withDefaults fills the limits left at zero.
func (c Config) withDefaults() Config {
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxBacklogBytes == 0 {
		c.MaxBacklogBytes = DefaultMaxBacklogBytes
	}
	if c.ScriptTimeout == 0 {
		c.ScriptTimeout = DefaultScriptTimeout
	}
	if len(c.TLS.ALPN) == 0 {
		c.TLS.ALPN = []string{"h2", "http/1.1"}
	}
	return c
}

func (c Config) validate() error {
	if c.Token == "" {
		return errors.New("upstream: Token is required")
	}
	if c.KeepAliveHint < 0 {
		return fmt.Errorf("upstream: KeepAliveHint %v is negative", c.KeepAliveHint)
	}
	if c.ReadOnlyToken == c.Token {
		return errors.New("upstream: ReadOnlyToken must differ from Token")
	}
	if c.MaxBodyBytes < 0 {
		return fmt.Errorf("upstream: MaxBodyBytes %d is negative", c.MaxBodyBytes)
	}
	if c.IdleTimeout < 0 || c.ReadHeaderTimeout < 0 || c.ScriptTimeout < 0 {
		return errors.New("upstream: IdleTimeout, ReadHeaderTimeout and ScriptTimeout must not be negative")
	}
	if c.MaxConns < 0 || c.MaxBacklogBytes < 0 || c.MaxMemory < 0 || c.MaxConcurrentStreams < 0 {
		return errors.New("upstream: MaxConns, MaxBacklogBytes, MaxMemory and MaxConcurrentStreams must not be negative")
	}
	switch c.IdleClose {
	case "", IdleCloseFIN, IdleCloseRST:
	default:
		return fmt.Errorf("upstream: IdleClose %q unknown (want %s or %s)", c.IdleClose, IdleCloseFIN, IdleCloseRST)
	}
	if err := c.ServerTime.Validate(); err != nil {
		return fmt.Errorf("upstream: ServerTime: %w", err)
	}
	return nil
}
