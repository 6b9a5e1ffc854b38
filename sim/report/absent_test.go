package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// A real endpoint's counters are unknown: summary.json writes null beside
// server_counters: false, never 0, and the tables write "-".
func TestAbsentServerCounters(t *testing.T) {
	rows := []Row{{Scenario: "mine", Seq: 1, RedisMs: 5, TotalMs: 6}}
	for _, tt := range []struct {
		name      string
		counts    ScenarioCounts
		wantJSON  map[string]any
		wantCells string
	}{
		{"emulated", ScenarioCounts{ConnectionsOpened: 1, TLSFull: 1},
			map[string]any{"connections_opened": 1.0, "tls_full": 1.0, "server_counters": nil}, "|  1 |  0 |  1 |  0 |"},
		{"real", ScenarioCounts{ServerUnknown: true},
			map[string]any{"connections_opened": nil, "connections_open_at_end": nil, "tls_full": nil, "tls_resumed": nil, "server_counters": false}, "| - | - | - | - |"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := Summarize(rows, map[string]ScenarioCounts{"mine": tt.counts}, nil)
			s[0].Emulation = &Emulation{TimeDilation: 1, RealNetwork: tt.counts.ServerUnknown}
			var js bytes.Buffer
			if err := WriteSummaryJSON(&js, s); err != nil {
				t.Fatal(err)
			}
			var file struct{ Scenarios []map[string]any }
			if err := json.Unmarshal(js.Bytes(), &file); err != nil {
				t.Fatal(err)
			}
			got := file.Scenarios
			for k, want := range tt.wantJSON {
				if v, ok := got[0][k]; v != want || (want != nil && !ok) {
					t.Errorf("%s = %v, want %v", k, v, want)
				}
			}
			late, _ := got[0]["emulation"].(map[string]any)
			if _, ok := late["lateness_p99_us"]; !ok || (late["lateness_p99_us"] == nil) != tt.counts.ServerUnknown {
				t.Errorf("lateness_p99_us = %v, want null only for a real network", late["lateness_p99_us"])
			}
			var md bytes.Buffer
			if err := WriteSummaryMarkdown(&md, s); err != nil {
				t.Fatal(err)
			}
			if cells := strings.ReplaceAll(md.String(), "  ", " "); !strings.Contains(cells, strings.ReplaceAll(tt.wantCells, "  ", " ")) {
				t.Errorf("markdown lacks %q:\n%s", tt.wantCells, md.String())
			}
		})
	}
}
