package plots

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"gonum.org/v1/plot/plotter"

	"github.com/coldwire/coldwire/sim/report"
)

// latency-by-request marks the failed requests and the retried ones; the
// timeline marks each reset in its container's lane.
func TestFailureMarks(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	rows := []report.Row{
		{Scenario: "s", Seq: 0, Container: 1, Start: t0, RedisMs: 20, Attempts: 1},
		{Scenario: "s", Seq: 1, Container: 1, Start: t0.Add(time.Second), RedisMs: 21, Attempts: 1, StaleReuses: 1, ErrorKind: "reset", Error: "ECONNRESET"},
		{Scenario: "s", Seq: 2, Container: 1, Start: t0.Add(2 * time.Second), RedisMs: 80, Attempts: 2, StaleReuses: 1},
		{Scenario: "t", Seq: 0, Container: 1, Start: t0, RedisMs: 20, Attempts: 1},
	}
	ts := report.Tallies(rows, nil, []string{"s", "t"})
	ss := redisSeries(ts)
	if want := (plotter.XYs{{X: 2, Y: 21}}); !reflect.DeepEqual(ss[0].failed, want) {
		t.Errorf("failed marks %v, want %v", ss[0].failed, want)
	}
	if want := (plotter.XYs{{X: 3, Y: 80}}); !reflect.DeepEqual(ss[0].retried, want) {
		t.Errorf("retried marks %v, want %v", ss[0].retried, want)
	}
	spans := []report.Span{
		{Scenario: "s", Container: 1, Start: t0, End: t0.Add(3 * time.Second)},
		{Scenario: "t", Container: 1, Start: t0, End: t0.Add(3 * time.Second)},
	}
	ls := lanes(spans, []string{"s", "t"})
	got := resetPoints(ts, ls, func(at time.Time) float64 { return at.Sub(t0).Seconds() })
	if want := (plotter.XYs{{X: 1, Y: 1}, {X: 2, Y: 1}}); !reflect.DeepEqual(got, want) {
		t.Errorf("reset marks %v, want %v (lane of s is the top one)", got, want)
	}
	dir := t.TempDir()
	if _, err := WriteAll(dir, ts, spans); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{LatencyByRequestFile, TimelineFile} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}
