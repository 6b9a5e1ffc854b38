package report

import (
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func TestSummarize(t *testing.T) {
	rows := []Row{
		// out of Seq order on purpose: first must be Seq 0
		{Scenario: "a", Seq: 1, RedisMs: 2, TotalMs: 5},
		{Scenario: "a", Seq: 0, Cold: true, RedisMs: 40, TotalMs: 60},
		{Scenario: "a", Seq: 2, RedisMs: 99, TotalMs: 99, Error: "boom"},
		{Scenario: "a", Seq: 3, RedisMs: 3, TotalMs: 6},
		{Scenario: "extra", Seq: 0, RedisMs: 1, TotalMs: 1},
	}
	counts := map[string]ScenarioCounts{"a": {ConnectionsOpened: 1, TLSFull: 1}, "gone": {ConnectionsOpened: 5}}
	got := Summarize(rows, counts, []string{"a", "gone"})
	want := []Summary{
		{
			Name: "a", Invocations: 4, Errors: 1, ColdStarts: 1, ConnectionsOpened: 1, TLSFull: 1,
			ErrorsByKind: map[string]int{"other": 1},
			RedisMs:      &Latency{First: 40, Mean: 15, P50: 3, P90: 40, P99: 40, Max: 40},
			TotalMs:      &Latency{First: 60, Mean: 71.0 / 3, P50: 6, P90: 60, P99: 60, Max: 60},
		},
		{Name: "gone", ConnectionsOpened: 5, ErrorsByKind: map[string]int{}},
		{
			Name: "extra", Invocations: 1, ErrorsByKind: map[string]int{},
			RedisMs: &Latency{First: 1, Mean: 1, P50: 1, P90: 1, P99: 1, Max: 1},
			TotalMs: &Latency{First: 1, Mean: 1, P50: 1, P90: 1, P99: 1, Max: 1},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarize:\n got %+v\nwant %+v", got, want)
	}
}

func TestSummarizeAllErrors(t *testing.T) {
	rows := []Row{{Scenario: "x", Error: "refused"}, {Scenario: "x", Seq: 1, Error: "refused"}}
	got := Summarize(rows, nil, nil)
	if len(got) != 1 || got[0].Errors != 2 || got[0].Invocations != 2 || got[0].RedisMs != nil || got[0].TotalMs != nil {
		t.Errorf("Summarize = %+v, want 2 errors and no latency blocks", got)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	if got := Summarize(nil, nil, nil); len(got) != 0 {
		t.Errorf("Summarize(nil) = %+v, want none", got)
	}
}

func TestSummarizeFromIntended(t *testing.T) {
	tests := []struct {
		name string
		rows []Row
		want *Latency
	}{
		{"closed loop has none", []Row{{Scenario: "s", Start: t0, TotalMs: 5}}, nil},
		{
			// the second invocation was meant to go at +10ms but went at +25ms
			"open loop counts the wait",
			[]Row{
				{Scenario: "s", Seq: 0, Intended: t0, Start: t0, TotalMs: 25},
				{Scenario: "s", Seq: 1, Intended: t0.Add(10 * time.Millisecond), Start: t0.Add(25 * time.Millisecond), TotalMs: 5},
			},
			&Latency{First: 25, Mean: 22.5, P50: 20, P90: 25, P99: 25, Max: 25},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.rows, nil, nil)[0].TotalFromIntendedMs
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("TotalFromIntendedMs = %+v, want %+v", got, tt.want)
			}
		})
	}
}
