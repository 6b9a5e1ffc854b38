package scenario_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/scenario"
)

const traceCSV = `HashOwner,HashApp,HashFunction,Trigger,1,2,3
o1,a1,f-http,http,2,0,5
o1,a1,f-timer,timer,1,1,1
`

// traceDir writes the trace and a scenario file beside it, and returns the
// scenario file's path.
func traceDir(t *testing.T, trace, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "traces"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "traces", "day.csv"), []byte(trace), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTracePattern(t *testing.T) {
	path := traceDir(t, traceCSV, `
defaults:
  platform: {idle_timeout: 10m, max_lifetime: 1h}
scenarios:
  - name: by-hash
    load:
      pattern: trace
      trace: {file: traces/day.csv, function: f-timer, spread: equidistant}
  - name: by-index
    load:
      pattern: trace
      trace: {file: traces/day.csv, function: 0, time_scale: 60}
`)
	f, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	byHash, byIndex := f.Scenarios[0], f.Scenarios[1]
	if got := byHash.Load.Trace.PerMinute; !slices.Equal(got, []int{1, 1, 1}) {
		t.Errorf("by hash: per minute %v, want [1 1 1]", got)
	}
	if got := byIndex.Load.Trace.PerMinute; !slices.Equal(got, []int{2, 0, 5}) {
		t.Errorf("by index: per minute %v, want [2 0 5]", got)
	}
	// Compressed 60 times, a trace minute lasts a second, and containers
	// live as many trace minutes as they would uncompressed.
	if p := byIndex.Plan(); p.Trace.Minute != time.Second || p.Trace.Spread != load.SpreadUniform || p.Total() != 7 {
		t.Errorf("by index: plan minute %v, spread %q, total %d; want 1s, uniform, 7", p.Trace.Minute, p.Trace.Spread, p.Total())
	}
	if p := byIndex.Platform; p.IdleTimeout != 10*time.Second || p.MaxLifetime != time.Minute {
		t.Errorf("by index: idle timeout %v, max lifetime %v; want 10s and 1m", p.IdleTimeout, p.MaxLifetime)
	}
	if p := byHash.Platform; p.IdleTimeout != 10*time.Minute {
		t.Errorf("by hash: uncompressed idle timeout %v, want 10m", p.IdleTimeout)
	}
	if p := byHash.Plan(); p.Trace.Minute != time.Minute || p.Total() != 3 {
		t.Errorf("by hash: plan minute %v, total %d; want 1m and 3", p.Trace.Minute, p.Total())
	}
}

func TestBadTraces(t *testing.T) {
	for _, tc := range []struct {
		name, trace, load, want string
	}{
		{"no trace block", traceCSV, `{pattern: trace}`,
			`s.yaml:4: scenarios[0].load.pattern: pattern "trace" needs a trace block with a file`},
		{"missing file", traceCSV, `{pattern: trace, trace: {file: traces/nope.csv}}`,
			`s.yaml:4: scenarios[0].load.trace.file: cannot read the trace: no such file or directory`},
		{"bad row in the trace", traceCSV + "o2,a2,f-bad,http,1,x,1\n", `{pattern: trace, trace: {file: traces/day.csv, function: f-bad}}`,
			`s.yaml:4: scenarios[0].load.trace.file: traces/day.csv:4: minute 2 (column 6): "x" is not a count`},
		{"unknown function", traceCSV, `{pattern: trace, trace: {file: traces/day.csv, function: f-queue}}`,
			`s.yaml:4: scenarios[0].load.trace.function: traces/day.csv: no function with HashFunction "f-queue" among its 2 functions`},
		{"index past the end", traceCSV, `{pattern: trace, trace: {file: traces/day.csv, function: 2}}`,
			`no function at index 2 among its 2 functions`},
		{"unknown spread", traceCSV, `{pattern: trace, trace: {file: traces/day.csv, spread: bursty}}`,
			`scenarios[0].load.trace.spread: "bursty" is not one of uniform, poisson, equidistant`},
		{"stretching time scale", traceCSV, `{pattern: trace, trace: {file: traces/day.csv, time_scale: 0.5}}`,
			`scenarios[0].load.trace.time_scale: 0.5 is not a compression from 1 (real time) to 10000`},
		{"negative index", traceCSV, `{pattern: trace, trace: {file: traces/day.csv, function: -1}}`,
			`scenarios[0].load.trace.function: -1 is not a row index from 0`},
		{"rate beside a trace", traceCSV, `{pattern: trace, rate: 5, trace: {file: traces/day.csv}}`,
			`scenarios[0].load.rate: is not used by pattern "trace"`},
		{"trace beside poisson", traceCSV, `{pattern: poisson, rate: 5, trace: {file: traces/day.csv}}`,
			`scenarios[0].load.trace: is not used by pattern "poisson"`},
		{"empty trace", "HashOwner,HashApp,HashFunction,Trigger,1\no,a,f,http,0\n", `{pattern: trace, trace: {file: traces/day.csv}}`,
			`s.yaml:4: scenarios[0].load.trace.file: the trace has no invocations`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := traceDir(t, tc.trace, "\nscenarios:\n  - name: a\n    load: "+tc.load+"\n")
			_, err := scenario.Load(path)
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+string(filepath.Separator), ""); !strings.Contains(msg, tc.want) {
				t.Errorf("got\n  %s\nwant it to contain\n  %s", msg, tc.want)
			}
		})
	}
}

// Time dilation stretches a trace's minutes as it stretches every other
// modelled duration, compressed or not.
func TestTraceDilated(t *testing.T) {
	path := traceDir(t, traceCSV, `
time_dilation: 4
scenarios:
  - name: a
    platform: {idle_timeout: 1m}
    load: {pattern: trace, trace: {file: traces/day.csv, time_scale: 60}}
`)
	f, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	d := f.Scenarios[0].Dilated()
	if m := d.Plan().Trace.Minute; m != 4*time.Second {
		t.Errorf("dilated minute %v, want 4s (a minute compressed 60 times, dilated 4 times)", m)
	}
	if it := d.Platform.IdleTimeout; it != 4*time.Second {
		t.Errorf("dilated idle timeout %v, want 4s", it)
	}
}

func TestTraceMustBeARegularFile(t *testing.T) {
	path := traceDir(t, traceCSV, "\nscenarios:\n  - name: a\n    load: {pattern: trace, trace: {file: traces}}\n")
	_, err := scenario.Load(path)
	if err == nil || !strings.Contains(err.Error(), "traces is not a regular file") {
		t.Errorf("a directory as the trace: got %v", err)
	}
}
