package report

import "encoding/json"

// A run against a real endpoint has no server-side counters and no
// emulated link. Those figures are unknown, not zero: summary.json writes
// them as null beside a flag, and the tables show "-".

// HasServerCounters reports whether the database's own counters
// (connections, TLS handshakes as the server saw them) are known.
func (s Summary) HasServerCounters() bool { return s.ServerCounters == nil || *s.ServerCounters }

// MarshalJSON writes the server-side counters as null when they are unknown.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary
	if s.HasServerCounters() {
		return json.Marshal(plain(s))
	}
	return json.Marshal(struct {
		plain
		ConnectionsOpened    *int64 `json:"connections_opened"`
		ConnectionsOpenAtEnd *int64 `json:"connections_open_at_end"`
		TLSFull              *int64 `json:"tls_full"`
		TLSResumed           *int64 `json:"tls_resumed"`
	}{plain: plain(s)})
}

// MarshalJSON writes the link's lateness as null when there was no link.
func (e Emulation) MarshalJSON() ([]byte, error) {
	type plain Emulation
	if !e.RealNetwork {
		return json.Marshal(plain(e))
	}
	return json.Marshal(struct {
		plain
		LatenessP50us *float64 `json:"lateness_p50_us"`
		LatenessP99us *float64 `json:"lateness_p99_us"`
		LatenessMaxus *float64 `json:"lateness_max_us"`
	}{plain: plain(e)})
}

// serverCells are the counters' table cells.
func serverCells(s Summary) []string {
	if !s.HasServerCounters() {
		return []string{"-", "-", "-", "-"}
	}
	return []string{i64(s.ConnectionsOpened), i64(s.ConnectionsOpenAtEnd), i64(s.TLSFull), i64(s.TLSResumed)}
}
