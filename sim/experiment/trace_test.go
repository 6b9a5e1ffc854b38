package experiment

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

// A trace-driven run sends the trace's invocations, minute by minute, and
// its outcome says what it replayed and how compressed.
func TestRunReplaysATrace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "day.csv")
	csv := "HashOwner,HashApp,HashFunction,Trigger,1,2,3\no,a,f,http,4,0,6\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	s := parse(t, `
scenarios:
  - name: replay
    platform: {idle_timeout: 10m}
    load:
      pattern: trace
      trace: {file: `+path+`, function: f, spread: equidistant, time_scale: 600}
`)
	var rows []report.Row
	o, err := Run(context.Background(), s, WithRecords(func(r report.Row) { rows = append(rows, r) }))
	if err != nil {
		t.Fatal(err)
	}
	if o.Invocations != 10 || len(rows) != 10 {
		t.Errorf("%d invocations, %d rows; want the trace's 10", o.Invocations, len(rows))
	}
	for _, r := range rows {
		if r.Intended.IsZero() {
			t.Errorf("invocation %d has no intended send time; a trace is an open loop", r.Seq)
		}
	}
	want := report.Trace{File: path, Function: "f", Minutes: 3, Invocations: 10, Spread: "equidistant", TimeScale: 600}
	if o.Trace == nil || *o.Trace != want {
		t.Errorf("outcome's trace %+v, want %+v", o.Trace, want)
	}
}
