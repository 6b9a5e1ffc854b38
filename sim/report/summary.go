package report

import (
	"cmp"
	"slices"
)

// Summary is one scenario's line of summary.json. Latency blocks are nil
// (JSON null) when no invocation succeeded; TotalFromIntendedMs is present
// only for open-loop scenarios, whose rows carry an intended send time.
type Summary struct {
	Name                 string   `json:"name"`
	Invocations          int      `json:"invocations"`
	Errors               int      `json:"errors"`
	ColdStarts           int      `json:"cold_starts"`
	ConnectionsOpened    int64    `json:"connections_opened"`
	ConnectionsOpenAtEnd int64    `json:"connections_open_at_end"`
	TLSFull              int64    `json:"tls_full"`
	TLSResumed           int64    `json:"tls_resumed"`
	RedisMs              *Latency `json:"redis_ms"`
	TotalMs              *Latency `json:"total_ms"`
	TotalFromIntendedMs  *Latency `json:"total_from_intended_ms,omitempty"`
}

// Summarize builds one Summary per scenario: first those named in order
// (even when they have no rows, so an interrupted run shows what did not
// run), then any other scenario in rows in order of first appearance.
// Counts missing from counts are zero.
func Summarize(rows []Row, counts map[string]ScenarioCounts, order []string) []Summary {
	names, groups := Group(rows, order)
	out := make([]Summary, 0, len(names))
	for _, name := range names {
		out = append(out, summarize(name, groups[name], counts[name]))
	}
	return out
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

func summarize(name string, rows []Row, c ScenarioCounts) Summary {
	s := Summary{
		Name:                 name,
		Invocations:          len(rows),
		ConnectionsOpened:    c.ConnectionsOpened,
		ConnectionsOpenAtEnd: c.ConnectionsOpenAtEnd,
		TLSFull:              c.TLSFull,
		TLSResumed:           c.TLSResumed,
	}
	var redis, total, intended []float64
	for _, r := range rows {
		if r.Cold {
			s.ColdStarts++
		}
		if r.Failed() {
			s.Errors++
			continue
		}
		redis = append(redis, r.RedisMs)
		total = append(total, r.TotalMs)
		if ms, ok := r.FromIntendedMs(); ok {
			intended = append(intended, ms)
		}
	}
	s.RedisMs = NewLatency(redis)
	s.TotalMs = NewLatency(total)
	s.TotalFromIntendedMs = NewLatency(intended)
	return s
}
