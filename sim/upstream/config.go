package upstream

import (
	"errors"
	"fmt"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// DefaultMaxBodyBytes bounds a request body when Config.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

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
	// TLS chooses the versions, session tickets and ALPN Serve offers.
	TLS simtls.ServerOptions
	// Seed fixes the sequence of ServerTime samples.
	Seed uint64
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
	if c.IdleTimeout < 0 {
		return fmt.Errorf("upstream: IdleTimeout %v is negative", c.IdleTimeout)
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
