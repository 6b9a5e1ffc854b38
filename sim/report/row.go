package report

import (
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Row is one invocation: the load generator's view (when it was meant to be
// sent, when it was sent, how long the caller waited) joined with the
// platform's record of it (container, cold start, the phases of the
// function's calls to the database). Durations are in milliseconds.
//
// Result is vegeta's own record of the request. It is not part of the CSV
// or JSON views of a Row; it is what results-<scenario>.json is written
// from, so that vegeta's tools read the file. A Row whose Result was never
// set is written with a Result built from the Row (see VegetaResult).
type Row struct {
	Scenario  string
	Seq       int
	Intended  time.Time // zero for closed loops, which have no schedule
	Start     time.Time
	Container int
	Cold      bool
	QueuedMs  float64
	InitMs    float64
	// ClientInitMs is the process's one-time TLS initialisation, paid
	// inside the Redis call that opened its first connection.
	ClientInitMs float64
	// SocketWaitMs is the time the calls queued for a connection of an
	// agent at its max_sockets.
	SocketWaitMs float64
	DNSMs        float64
	ConnectMs    float64
	TLSMs        float64
	TLSResumed   bool
	TTFBMs       float64
	RedisMs      float64
	TotalMs      float64
	Reused       bool
	Error        string
	// Attempts counts the HTTP requests the function sent, retries
	// included; StaleReuses those that reused a dead socket; ErrorKind is
	// why the invocation failed (see the agent's error kinds).
	Attempts    int
	StaleReuses int
	ErrorKind   string
	// ClosesSeen counts the kept-alive sockets the function's process saw
	// closed by their peer while idle, before it could reuse them.
	ClosesSeen int

	Result vegeta.Result `json:"-"`
}

// Failed reports whether the invocation ended in an error.
func (r Row) Failed() bool { return r.Error != "" }

// FromIntendedMs is the latency measured from the intended send time: the
// time the invocation waited to be sent plus the time it took. It is what a
// user of an open-loop system experiences, and unlike TotalMs it cannot be
// hidden by a load generator that fell behind (coordinated omission). ok is
// false when the row has no intended time.
func (r Row) FromIntendedMs() (ms float64, ok bool) {
	if r.Intended.IsZero() || r.Start.IsZero() {
		return 0, false
	}
	return durationMs(r.Start.Sub(r.Intended)) + r.TotalMs, true
}

// VegetaResult returns the vegeta result for the row. When the load
// generator recorded none (its Timestamp is zero), the result is built from
// the row: the attack is the scenario, the timestamp the start, the latency
// the total, and the status 200 for a success or 0 for an error, as vegeta
// itself reports a request that got no response.
func (r Row) VegetaResult() vegeta.Result {
	res := r.Result
	if res.Timestamp.IsZero() {
		res = vegeta.Result{
			Seq:       uint64(max(r.Seq, 0)),
			Timestamp: r.Start,
			Latency:   msDuration(r.TotalMs),
			Error:     r.Error,
		}
		if !r.Failed() {
			res.Code = 200
		}
	}
	if res.Attack == "" {
		res.Attack = r.Scenario
	}
	return res
}

// ScenarioCounts are a scenario's counters that no row carries: how many
// connections the database accepted, how many it still held open when the
// load ended (sockets that agents abandoned or kept idle), how many TLS
// handshakes were full or resumed, and how many arrivals of an open loop
// were dropped, never sent, because the in-flight bound was reached.
type ScenarioCounts struct {
	ConnectionsOpened    int64
	ConnectionsOpenAtEnd int64
	TLSFull              int64
	TLSResumed           int64
	Dropped              int64
	// ServerUnknown is true when the database's counters cannot be read,
	// as for a real endpoint: the four counters above are then unknown.
	ServerUnknown bool
}

func durationMs(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
