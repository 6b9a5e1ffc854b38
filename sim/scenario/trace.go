package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/trace"
	"go.yaml.in/yaml/v3"
)

var traceFields = []field{
	{key: "file", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		if d.scalar(n, "the path of a trace file") {
			if n.Value == "" {
				d.errorf(n, "is empty; want the path of a trace file")
				return
			}
			s.Load.Trace.File = n.Value
		}
	}},
	{key: "function", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		const want = "a HashFunction or the index of a row, from 0"
		if !d.scalar(n, want) {
			return
		}
		t := &s.Load.Trace
		if n.ShortTag() == "!!int" {
			i, err := strconv.Atoi(n.Value)
			if err != nil || i < 0 {
				d.errorf(n, "%s is not a row index from 0", show(n))
				return
			}
			t.Index, t.ByIndex, t.Function = i, true, ""
			return
		}
		t.Function, t.ByIndex, t.Index = n.Value, false, 0
	}},
	{key: "spread", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		var v string
		if setEnum(d, n, &v, string(load.SpreadUniform), string(load.SpreadPoisson), string(load.SpreadEquidistant)) {
			s.Load.Trace.Spread = load.Spread(v)
		}
	}},
	{key: "time_scale", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		if v, ok := d.number(n); ok {
			if !(v >= 1) || math.IsInf(v, 0) || v > maxTimeScale {
				d.errorf(n, "%s is not a compression from 1 (real time) to %d", clip(n.Value), maxTimeScale)
				return
			}
			s.Load.Trace.TimeScale = v
		}
	}},
}

// maxTimeScale keeps a compressed minute above a few milliseconds, where
// the scheduler can still place its invocations.
const maxTimeScale = 10000

// readTrace reads the row the scenario's trace block names. A file the
// scenarios share is read once per row asked for.
func (d *decoder) readTrace(s *Scenario, pick func(...string) *yaml.Node) {
	t := &s.Load.Trace
	if t.File == "" {
		d.errorf(pick("load.trace", "load.pattern"), "pattern \"trace\" needs a trace block with a file, e.g. trace: {file: day1.csv, function: 0}")
		return
	}
	fileNode := pick("load.trace.file")
	t.Path = t.File
	if !filepath.IsAbs(t.Path) {
		t.Path = filepath.Join(filepath.Dir(d.file), t.Path)
	}
	key := traceKey{path: t.Path, hash: t.Function, index: t.Index, byIndex: t.ByIndex || t.Function == ""}
	if counts, ok := d.traces[key]; ok {
		t.PerMinute = counts
		return
	}
	f, err := os.Open(t.Path)
	if err != nil {
		d.errorf(fileNode, "cannot read the trace: %v", errors.Unwrap(err))
		return
	}
	defer f.Close()
	// A device or a pipe could be read forever.
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		d.errorf(fileNode, "%s is not a regular file", t.File)
		return
	}
	var fn trace.Function
	if key.byIndex {
		fn, err = trace.ByIndex(f, t.Index)
	} else {
		fn, err = trace.ByHash(f, t.Function)
	}
	if err != nil {
		var te *trace.Error
		if errors.As(err, &te) && te.Line > 0 {
			d.errorf(fileNode, "%s:%d: %s", t.File, te.Line, te.Msg)
		} else {
			d.errorf(pick("load.trace.function", "load.trace.file"), "%s: %v", t.File, err)
		}
		return
	}
	if d.traces == nil {
		d.traces = make(map[traceKey][]int)
	}
	d.traces[key] = fn.PerMinute
	t.PerMinute = fn.PerMinute
}

type traceKey struct {
	path, hash string
	index      int
	byIndex    bool
}

// scaleDown divides a modelled duration by a trace's compression; 0 stands
// for none.
func scaleDown(v time.Duration, k float64) time.Duration {
	if k <= 0 || k == 1 {
		return v
	}
	return time.Duration(math.Round(float64(v) / k))
}
