package lifecycle

import (
	"strconv"
	"strings"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// Invocation is what happened to one call of a function, the body the front
// door answers with. Durations are milliseconds; the phase fields (DNSMs to
// TTFBMs) sum the function's HTTP requests.
type Invocation struct {
	Function  string    `json:"function"`
	Seq       int64     `json:"seq"`
	Start     time.Time `json:"start"`
	Container int       `json:"container"`
	Cold      bool      `json:"cold"`
	QueuedMs  float64   `json:"queued_ms"`
	InitMs    float64   `json:"init_ms"`
	// ClientInitMs is the process's one-time TLS initialisation, paid by
	// a container's first connection (agent.Record.ClientInit).
	ClientInitMs float64 `json:"client_init_ms"`
	DNSMs        float64 `json:"dns_ms"`
	ConnectMs    float64 `json:"connect_ms"`
	TLSMs        float64 `json:"tls_ms"`
	TTFBMs       float64 `json:"ttfb_ms"`
	// SocketWaitMs is the time the requests queued for a socket of an
	// agent at its MaxSockets (agent.Record.SocketWait).
	SocketWaitMs float64 `json:"socket_wait_ms,omitempty"`
	// RedisMs is the article's metric: the Redis call(s) as timed inside the
	// handler.
	RedisMs   float64 `json:"redis_ms"`
	HandlerMs float64 `json:"handler_ms"`
	// NewConns counts connections opened; TLSFull and TLSResumes count the
	// handshakes by kind.
	NewConns   int `json:"new_conns"`
	TLSFull    int `json:"tls_full"`
	TLSResumes int `json:"tls_resumes"`
	// Reused is true when no request opened a connection; TLSResumed when
	// there was a handshake and every one resumed a session.
	Reused     bool `json:"reused"`
	TLSResumed bool `json:"tls_resumed"`
	// Attempts counts the HTTP requests sent, retries included; Retries
	// those that were retries; StaleReuses the requests that reused a
	// socket that turned out to be dead.
	Attempts    int `json:"attempts"`
	Retries     int `json:"retries"`
	StaleReuses int `json:"stale_reuses"`
	// ClosesSeen counts the kept-alive sockets the container's process saw
	// closed by their peer while they sat free in a pool, since its
	// previous invocation: a FIN seen before the handler asked for the
	// socket, so its request dialed anew rather than reusing a dead one
	// (platform.freeze.closes_seen: before_invocation, or a real runtime
	// that reached it). The in-process runtime counts the closes its
	// agents' transports saw (agent.World.TakeIdleCloses), the node runtime
	// those its bootstrap saw.
	ClosesSeen int `json:"closes_seen"`
	// ErrorKind is why the invocation failed (see agent.ErrorKind), ""
	// when it did not.
	ErrorKind agent.ErrorKind `json:"error_kind,omitempty"`
	Calls     []agent.Record  `json:"calls"`
	Error     string          `json:"error,omitempty"`
}

// addCalls folds the agent's records into the invocation's totals. It
// takes recs over rather than copying them, and adds only them, so calling
// it again adds the new calls once.
func (inv *Invocation) addCalls(recs []agent.Record) {
	if len(inv.Calls) == 0 {
		inv.Calls, inv.Reused = recs, len(recs) > 0
	} else {
		inv.Calls = append(inv.Calls, recs...)
	}
	for _, r := range recs {
		inv.ClientInitMs += agent.Ms(r.ClientInit)
		inv.Attempts++
		if r.Attempt > 1 {
			inv.Retries++
		}
		if r.Stale {
			inv.StaleReuses++
		}
		inv.DNSMs += agent.Ms(r.DNS)
		inv.ConnectMs += agent.Ms(r.Connect)
		inv.TLSMs += agent.Ms(r.TLS)
		inv.TTFBMs += agent.Ms(r.TTFB)
		inv.SocketWaitMs += agent.Ms(r.SocketWait)
		if r.NewConn {
			inv.NewConns++
		}
		if !r.Reused {
			inv.Reused = false
		}
		if r.Handshake {
			if r.TLSResumed {
				inv.TLSResumes++
			} else {
				inv.TLSFull++
			}
		}
	}
	inv.TLSResumed = inv.TLSResumes > 0 && inv.TLSFull == 0
}

// ServerTiming renders the invocation's phases in the Server-Timing syntax.
func (inv *Invocation) ServerTiming() string {
	var b strings.Builder
	for i, m := range []struct {
		name string
		ms   float64
	}{
		{"queue", inv.QueuedMs}, {"init", inv.InitMs}, {"client_init", inv.ClientInitMs}, {"socket_wait", inv.SocketWaitMs}, {"dns", inv.DNSMs}, {"connect", inv.ConnectMs},
		{"tls", inv.TLSMs}, {"ttfb", inv.TTFBMs}, {"redis", inv.RedisMs},
	} {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(m.name)
		b.WriteString(";dur=")
		b.WriteString(strconv.FormatFloat(m.ms, 'f', 3, 64))
	}
	return b.String()
}
