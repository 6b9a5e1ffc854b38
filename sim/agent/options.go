package agent

import (
	"errors"
	"fmt"
	"time"
)

// Options mirror the options of Node's https.Agent. The zero value has
// keep-alive off, unlimited sockets, no free-socket timeout and no TLS
// session cache; DefaultOptions is `new https.Agent()` with its cache of 100.
type Options struct {
	// KeepAlive keeps a connection open after its response so the next
	// request can reuse it (Node's keepAlive, default false).
	KeepAlive bool
	// MaxSockets bounds the connections open to one host; 0 is unlimited
	// (Node's Infinity).
	MaxSockets int
	// MaxFreeSockets bounds the idle connections kept per host; 0 means
	// Node's default of 256.
	MaxFreeSockets int
	// FreeSocketTimeout closes a connection that stayed idle this long;
	// 0 keeps it until the server or the agent closes it (Node's default
	// for an agent without a timeout).
	FreeSocketTimeout time.Duration
	// MaxCachedSessions is the size of the agent's own TLS session cache;
	// 0 turns resumption off.
	MaxCachedSessions int
	// Scheduling is the order in which free sockets are reused: "lifo"
	// (the default) or "fifo".
	Scheduling string
	// HonorKeepAliveHint makes a server's "Keep-Alive: timeout=N" hint
	// replace FreeSocketTimeout for that connection, less HintThreshold
	// and at most MaxHintTimeout (0: no cap), as undici does. A hint no
	// longer than the threshold closes the connection once idle.
	HonorKeepAliveHint bool
	HintThreshold      time.Duration
	MaxHintTimeout     time.Duration
	// HTTP2 offers "h2" before "http/1.1" over ALPN, as Go's
	// DefaultTransport does; a server that takes it gets every request as
	// a stream of one connection, up to its max concurrent streams. It
	// needs KeepAlive: an HTTP/2 connection outlives its requests.
	HTTP2 bool
}

// DefaultMaxCachedSessions is Node's default maxCachedSessions.
const DefaultMaxCachedSessions = 100

// defaultMaxFreeSockets is Node's default maxFreeSockets.
const defaultMaxFreeSockets = 256

// DefaultOptions returns the options of `new https.Agent()` in Node: no
// keep-alive and a session cache of 100.
func DefaultOptions() Options {
	return Options{MaxCachedSessions: DefaultMaxCachedSessions, Scheduling: "lifo"}
}

// ErrFIFO reports that fifo scheduling was asked for. net/http.Transport
// always hands out the most recently idled connection, and emulating fifo
// on top of it would need a connection pool of our own.
var ErrFIFO = errors.New(`agent: scheduling "fifo" is not supported: net/http.Transport reuses the most recently idle connection ("lifo")`)

// ErrHTTP2NoKeepAlive reports HTTP/2 asked for without keep-alive. An
// HTTP/2 client keeps its connection for the streams to come; closing it
// after each response, as HTTP/1.1's Connection: close does, is not
// something a real client does.
var ErrHTTP2NoKeepAlive = errors.New("agent: HTTP/2 needs keep-alive: its connection carries the requests to come")

// Validate reports options an agent cannot honour.
func (o Options) Validate() error {
	switch {
	case o.MaxSockets < 0:
		return fmt.Errorf("agent: maxSockets %d is negative", o.MaxSockets)
	case o.MaxFreeSockets < 0:
		return fmt.Errorf("agent: maxFreeSockets %d is negative", o.MaxFreeSockets)
	case o.FreeSocketTimeout < 0:
		return fmt.Errorf("agent: free socket timeout %v is negative", o.FreeSocketTimeout)
	case o.MaxCachedSessions < 0:
		return fmt.Errorf("agent: maxCachedSessions %d is negative", o.MaxCachedSessions)
	case o.HintThreshold < 0 || o.MaxHintTimeout < 0:
		return fmt.Errorf("agent: keep-alive hint threshold %v or cap %v is negative", o.HintThreshold, o.MaxHintTimeout)
	case o.HTTP2 && !o.KeepAlive:
		return ErrHTTP2NoKeepAlive
	}
	switch o.Scheduling {
	case "", "lifo":
		return nil
	case "fifo":
		return ErrFIFO
	default:
		return fmt.Errorf("agent: scheduling %q unknown (want lifo or fifo)", o.Scheduling)
	}
}

// Placement says where the function creates its agent.
type Placement string

// The placements of the article's scenarios.
const (
	// Global creates the agent once per container, outside the handler.
	Global Placement = "global"
	// Handler creates a new agent at the start of every invocation.
	Handler Placement = "handler"
)

// ParsePlacement accepts "global" or "handler".
func ParsePlacement(s string) (Placement, error) {
	switch p := Placement(s); p {
	case Global, Handler:
		return p, nil
	}
	return "", fmt.Errorf("agent: placement %q unknown (want global or handler)", s)
}
