package agent

import (
	"encoding/json"
	"time"
)

// Record is what one HTTP request cost, phase by phase, as net/http/httptrace
// saw it. DNS, Connect and TLS are zero when the request reused a connection.
// TTFB runs from the moment the connection was ready to the first response
// byte, so DNS + Connect + TLS + TTFB is the request's path to its answer and
// Total adds reading the body.
type Record struct {
	Start time.Time
	// ClientInit is the process's one-time TLS initialisation, paid by the
	// request that opened its first connection (see WithClientInit).
	ClientInit time.Duration
	DNS        time.Duration
	Connect    time.Duration
	TLS        time.Duration
	TTFB       time.Duration
	// SocketWait is the time the request waited for a connection beyond
	// its own DNS, connect and TLS when it started with every socket the
	// agent may open busy: queued behind MaxSockets until another request
	// freed one. It is 0 for a request that found a socket or a dial slot.
	SocketWait time.Duration
	Total      time.Duration
	// NewConn is true when the request got a connection that had not
	// served a request before.
	NewConn bool
	// Handshake is true when the request paid a TLS handshake; TLSResumed
	// says whether it resumed a cached session.
	Handshake  bool
	TLSResumed bool
	Reused     bool
	WasIdle    bool
	IdleTime   time.Duration
	Status     int
	Err        string
	// HostDropped is true when Go's transport closed a kept-alive
	// connection after a clean response, one that Node's agent would have
	// kept. net/http does so when its writer goroutine has not reported
	// the request written within 50 ms of the response's end, which only
	// a machine that starves goroutines makes happen; the next request
	// then pays a reconnection the modelled system would not.
	HostDropped bool
	// Kind is why the request failed, "" when it did not.
	Kind ErrorKind
	// Stale is true when the request reused a socket that turned out to
	// be dead: it was reset, or timed out without a byte of answer.
	Stale bool
	// Attempt numbers the tries of one request from 1; a retry has 2 or
	// more.
	Attempt int
}

// StaleReuse reports whether a failed request found its reused socket
// dead: the peer or a middlebox reset it, or nothing at all came back. It
// is what Stale holds for the agent's own records, and how a runtime that
// records its requests elsewhere decides it from their kind.
func (r Record) StaleReuse() bool {
	return r.Reused && (r.Kind == KindReset || r.Kind == KindTimeout && r.TTFB == 0)
}

type recordJSON struct {
	Start      time.Time `json:"start"`
	ClientInit float64   `json:"client_init_ms,omitempty"`
	DNSMs      float64   `json:"dns_ms"`
	ConnectMs  float64   `json:"connect_ms"`
	TLSMs      float64   `json:"tls_ms"`
	TTFBMs     float64   `json:"ttfb_ms"`
	SocketWait float64   `json:"socket_wait_ms,omitempty"`
	TotalMs    float64   `json:"total_ms"`
	NewConn    bool      `json:"new_conn"`
	Handshake  bool      `json:"tls_handshake"`
	TLSResumed bool      `json:"tls_resumed"`
	Reused     bool      `json:"reused"`
	WasIdle    bool      `json:"was_idle"`
	IdleMs     float64   `json:"idle_ms"`
	Status     int       `json:"status,omitempty"`
	Err        string    `json:"error,omitempty"`
	HostDrop   bool      `json:"host_dropped,omitempty"`
	Kind       ErrorKind `json:"error_kind,omitempty"`
	Stale      bool      `json:"stale_reuse,omitempty"`
	Attempt    int       `json:"attempt,omitempty"`
}

// MarshalJSON writes durations as milliseconds with fractions.
func (r Record) MarshalJSON() ([]byte, error) {
	return json.Marshal(recordJSON{
		Start:      r.Start,
		ClientInit: Ms(r.ClientInit),
		DNSMs:      Ms(r.DNS),
		ConnectMs:  Ms(r.Connect),
		TLSMs:      Ms(r.TLS),
		TTFBMs:     Ms(r.TTFB),
		SocketWait: Ms(r.SocketWait),
		TotalMs:    Ms(r.Total),
		NewConn:    r.NewConn,
		Handshake:  r.Handshake,
		TLSResumed: r.TLSResumed,
		Reused:     r.Reused,
		WasIdle:    r.WasIdle,
		IdleMs:     Ms(r.IdleTime),
		Status:     r.Status,
		Err:        r.Err,
		HostDrop:   r.HostDropped,
		Kind:       r.Kind,
		Stale:      r.Stale,
		Attempt:    r.Attempt,
	})
}

// UnmarshalJSON reads the form MarshalJSON writes, so the load generator can
// decode the platform's answers.
func (r *Record) UnmarshalJSON(b []byte) error {
	var j recordJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Record{
		Start:       j.Start,
		ClientInit:  FromMs(j.ClientInit),
		DNS:         FromMs(j.DNSMs),
		Connect:     FromMs(j.ConnectMs),
		TLS:         FromMs(j.TLSMs),
		TTFB:        FromMs(j.TTFBMs),
		SocketWait:  FromMs(j.SocketWait),
		Total:       FromMs(j.TotalMs),
		NewConn:     j.NewConn,
		Handshake:   j.Handshake,
		TLSResumed:  j.TLSResumed,
		Reused:      j.Reused,
		WasIdle:     j.WasIdle,
		IdleTime:    FromMs(j.IdleMs),
		Status:      j.Status,
		Err:         j.Err,
		HostDropped: j.HostDrop,
		Kind:        j.Kind,
		Stale:       j.Stale,
		Attempt:     j.Attempt,
	}
	return nil
}

// Ms converts a duration to fractional milliseconds.
func Ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// FromMs converts fractional milliseconds to a duration, to the nanosecond.
func FromMs(ms float64) time.Duration { return time.Duration(ms*float64(time.Millisecond) + 0.5) }
