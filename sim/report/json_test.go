package report

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

func TestWriteSummaryJSONFieldNames(t *testing.T) {
	rows := []Row{
		{Scenario: "open", Seq: 0, Intended: t0, Start: t0, RedisMs: 2, TotalMs: 3},
		{Scenario: "closed", Seq: 0, RedisMs: 2, TotalMs: 3},
	}
	var buf bytes.Buffer
	if err := WriteSummaryJSON(&buf, Summarize(rows, nil, nil)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenarios []map[string]json.RawMessage `json:"scenarios"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("decode %s: %v", buf.Bytes(), err)
	}
	if len(doc.Scenarios) != 2 {
		t.Fatalf("got %d scenarios, want 2", len(doc.Scenarios))
	}
	base := []string{"name", "invocations", "errors", "cold_starts", "connections_opened", "connections_open_at_end", "tls_full",
		"tls_resumed", "dropped", "errors_by_kind", "retries", "stale_reuses", "closes_seen", "redis_ms", "total_ms"}
	tests := []struct {
		scenario int
		want     []string
	}{
		{0, append(slices.Clone(base), "total_from_intended_ms")},
		{1, base},
	}
	for _, tt := range tests {
		got := slices.Sorted(maps.Keys(doc.Scenarios[tt.scenario]))
		if want := slices.Sorted(slices.Values(tt.want)); !slices.Equal(got, want) {
			t.Errorf("scenario %d keys = %v, want %v", tt.scenario, got, want)
		}
		var block map[string]float64
		if err := json.Unmarshal(doc.Scenarios[tt.scenario]["redis_ms"], &block); err != nil {
			t.Fatal(err)
		}
		got = slices.Sorted(maps.Keys(block))
		if want := []string{"first", "max", "mean", "p50", "p90", "p99"}; !slices.Equal(got, want) {
			t.Errorf("redis_ms keys = %v, want %v", got, want)
		}
	}
}

func TestWriteSummaryJSONEmptyAndUnmeasured(t *testing.T) {
	tests := []struct {
		name      string
		summaries []Summary
		want      string
	}{
		{"no scenarios is an empty list", nil, "{\n  \"scenarios\": []\n}\n"},
		{"unmeasured latency is null", []Summary{{Name: "x", Invocations: 1, Errors: 1}}, `"redis_ms": null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSummaryJSON(&buf, tt.summaries); err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(buf.Bytes(), []byte(tt.want)) {
				t.Errorf("got %s, want it to contain %s", buf.Bytes(), tt.want)
			}
		})
	}
}
