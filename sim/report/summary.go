package report

import (
	"cmp"
	"slices"
)

// Summary is one scenario's line of summary.json. Latency blocks are nil
// (JSON null) when no invocation succeeded; TotalFromIntendedMs is present
// only for open-loop scenarios, whose rows carry an intended send time.
// The blocks' First is the first invocation's latency whatever its
// outcome; FirstFailed says when that invocation failed.
type Summary struct {
	Name                 string `json:"name"`
	Invocations          int    `json:"invocations"`
	Errors               int    `json:"errors"`
	ColdStarts           int    `json:"cold_starts"`
	ConnectionsOpened    int64  `json:"connections_opened"`
	ConnectionsOpenAtEnd int64  `json:"connections_open_at_end"`
	TLSFull              int64  `json:"tls_full"`
	TLSResumed           int64  `json:"tls_resumed"`
	Dropped              int64  `json:"dropped"`
	// ServerCounters is false when the four counters above are unknown,
	// as for a real endpoint; they are then null. Absent means known.
	ServerCounters *bool `json:"server_counters,omitempty"`
	// ErrorsByKind counts failed invocations by error kind; Retries the
	// requests that were retries; StaleReuses those that reused a dead
	// socket; ClosesSeen the idle sockets the runtime saw closed by their
	// peer before a reuse.
	ErrorsByKind        map[string]int `json:"errors_by_kind"`
	Retries             int            `json:"retries"`
	StaleReuses         int            `json:"stale_reuses"`
	ClosesSeen          int            `json:"closes_seen"`
	FirstFailed         bool           `json:"first_failed,omitempty"`
	RedisMs             *Latency       `json:"redis_ms"`
	TotalMs             *Latency       `json:"total_ms"`
	TotalFromIntendedMs *Latency       `json:"total_from_intended_ms,omitempty"`
	Emulation           *Emulation     `json:"emulation,omitempty"`
	Trace               *Trace         `json:"trace,omitempty"`
	Platform            *Platform      `json:"platform,omitempty"`
	Sandbox             *Sandbox       `json:"sandbox,omitempty"`
}

// Summarize builds one Summary per scenario: first those named in order
// (even when they have no rows, so an interrupted run shows what did not
// run), then any other scenario in rows in order of first appearance.
// Counts missing from counts are zero.
func Summarize(rows []Row, counts map[string]ScenarioCounts, order []string) []Summary {
	return Summaries(Tallies(rows, counts, order))
}

// Group splits rows by scenario, each group sorted by Seq, and returns the
// scenario names in the order Summarize uses.
func Group(rows []Row, order []string) (names []string, groups map[string][]Row) {
	groups = make(map[string][]Row)
	seen := make(map[string]bool)
	for _, name := range order {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	for _, r := range rows {
		if !seen[r.Scenario] {
			seen[r.Scenario] = true
			names = append(names, r.Scenario)
		}
		groups[r.Scenario] = append(groups[r.Scenario], r)
	}
	for _, g := range groups {
		slices.SortStableFunc(g, func(a, b Row) int { return cmp.Compare(a.Seq, b.Seq) })
	}
	return names, groups
}
