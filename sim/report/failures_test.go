package report

import (
	"reflect"
	"strings"
	"testing"
)

// A scenario's summary counts its failed invocations by kind, its retries,
// its stale reuses and the idle closes its runtime saw, and remembers which
// invocations the charts mark.
func TestFailures(t *testing.T) {
	rows := []Row{
		{Scenario: "a", Seq: 0, RedisMs: 20, TotalMs: 21, Attempts: 1, ClosesSeen: 2},
		{Scenario: "a", Seq: 1, RedisMs: 21, TotalMs: 22, Attempts: 1, StaleReuses: 1, ErrorKind: "reset", Error: "ECONNRESET", Container: 1},
		{Scenario: "a", Seq: 2, RedisMs: 90, TotalMs: 91, Attempts: 2, StaleReuses: 1},
		{Scenario: "a", Seq: 3, RedisMs: 150, TotalMs: 151, Attempts: 1, StaleReuses: 1, ErrorKind: "timeout", Error: "deadline"},
	}
	ts := Tallies(rows, nil, []string{"a"})
	s := ts[0].Summary()
	if want := map[string]int{"reset": 1, "timeout": 1}; !reflect.DeepEqual(s.ErrorsByKind, want) || s.Retries != 1 || s.StaleReuses != 3 || s.ClosesSeen != 2 {
		t.Fatalf("summary %+v: want errors by kind %v, 1 retry, 3 stale reuses, 2 closes seen", s, want)
	}
	f := ts[0].Failures
	if len(f.Failed) != 2 || f.Failed[0].Seq != 1 || len(f.Retried) != 1 || f.Retried[0].Seq != 2 || len(f.Resets) != 3 {
		t.Fatalf("marks %+v: want failed 1 and 3, retried 2, three resets", f)
	}
	var b strings.Builder
	if err := WriteSummaryMarkdown(&b, []Summary{s}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| a | reset 1, timeout 1 | 1 | 3 | 2 |") {
		t.Fatalf("summary.md has no failures table:\n%s", b.String())
	}
}

// Closes seen alone are worth the table: they are how a runtime escaped a
// stale socket.
func TestClosesSeenTable(t *testing.T) {
	var b strings.Builder
	if err := WriteSummaryMarkdown(&b, Summarize([]Row{{Scenario: "a", RedisMs: 2, TotalMs: 3, Attempts: 1, ClosesSeen: 1}}, nil, nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| a | – | 0 | 0 | 1 |") {
		t.Fatalf("summary.md has no failures table with the close seen:\n%s", b.String())
	}
}

// A run where nothing failed writes no failures table.
func TestNoFailuresNoTable(t *testing.T) {
	var b strings.Builder
	if err := WriteSummaryMarkdown(&b, Summarize([]Row{{Scenario: "a", RedisMs: 2, TotalMs: 3, Attempts: 1}}, nil, nil)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "keep-alive bites") {
		t.Fatalf("failures table without failures:\n%s", b.String())
	}
}
