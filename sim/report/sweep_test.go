package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func sweepFixture() Sweep {
	warm := &Tally{Name: "a"}
	for i, ms := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} {
		warm.Add(Row{Scenario: "a", Seq: i, RedisMs: ms, TotalMs: ms + 1, Cold: i == 0})
	}
	warm.Platform = &Platform{ColdStartProbability: 0.1, MemoryMB: 1024}
	cost := 0.25
	priced := &Tally{Name: "b", Platform: &Platform{MemoryMB: 128, Cost: &cost}}
	return Sweep{
		Axes: []SweepAxis{{Path: "network.rtt", Values: []string{"1ms", "5ms"}}},
		Rows: []SweepRow{NewSweepRow([]string{"1ms"}, warm), NewSweepRow([]string{"5ms"}, priced)},
	}
}

// TestWriteSweepCSV checks the columns (the axes, then summary.json's
// figures flattened in order, a figure only some rows have kept in its
// place, then the 10th percentiles) and that a row lacking a figure leaves
// it empty.
func TestWriteSweepCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSweepCSV(&b, sweepFixture()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want a header and 2 rows:\n%s", len(lines), b.String())
	}
	head := strings.Split(lines[0], ",")
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, head)
		return -1
	}
	if head[0] != "network.rtt" || head[1] != "name" || col("redis_ms.first") > col("redis_ms.p50") ||
		col("platform.idle_gb_seconds")+1 != col("platform.cost") || head[len(head)-2] != "redis_ms.p10" {
		t.Errorf("header %v: want the axis, name, figures in summary order with cost after idle GB-s, then the p10s", head)
	}
	a, bRow := strings.Split(lines[1], ","), strings.Split(lines[2], ",")
	checks := []struct {
		row        []string
		col, value string
	}{
		{a, "network.rtt", "1ms"},
		{a, "redis_ms.p50", "5"},
		{a, "redis_ms.p10", "1"},
		{a, "total_ms.p10", "2"},
		{a, "platform.cold_start_probability", "0.1"},
		{a, "platform.cost", ""},
		{bRow, "redis_ms.p50", ""},
		{bRow, "platform.cost", "0.25"},
		{bRow, "name", "b"},
	}
	for _, c := range checks {
		if got := c.row[col(c.col)]; got != c.value {
			t.Errorf("%s of %s = %q, want %q", c.col, c.row[col("name")], got, c.value)
		}
	}
}

func TestWriteSweepJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSweepJSON(&b, sweepFixture()); err != nil {
		t.Fatal(err)
	}
	var back Sweep
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != 2 || back.Rows[0].Summary.RedisMs.P50 != 5 || *back.Rows[0].RedisP10Ms != 1 || back.Rows[1].RedisP10Ms != nil {
		t.Errorf("read back %+v", back)
	}
}
