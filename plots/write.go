package plots

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/coldwire/coldwire/sim/report"
)

// File names WriteAll writes in its directory.
const (
	LatencyByRequestFile = "latency-by-request.png"
	LatencyCDFFile       = "latency-cdf.png"
	PhasesFile           = "phases.png"
	TimelineFile         = "timeline.png"
)

// WriteAll creates dir if needed and writes the charts of a run, scenarios
// in the tallies' order, and returns the paths written. A chart with nothing
// to show is not written: the latency charts need a successful invocation,
// and the timeline more than one container.
func WriteAll(dir string, ts []*report.Tally, spans []report.Span) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	var written []string
	for _, c := range plan(ts, spans) {
		ch, err := c.build()
		if err != nil {
			return written, err
		}
		path := filepath.Join(dir, c.file)
		if err := ch.save(path); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// plan lists the charts that have something to show, in the order they
// are written.
func plan(ts []*report.Tally, spans []report.Span) []pending {
	var charts []pending
	add := func(file string, build func() (chart, error)) { charts = append(charts, pending{file, build}) }
	if ss := redisSeries(ts); len(ss) > 0 {
		add(LatencyByRequestFile, func() (chart, error) { return latencyByRequest(ss) })
		add(LatencyCDFFile, func() (chart, error) { return latencyCDF(ss) })
	}
	if names, means := phaseMeans(ts); len(names) > 0 {
		add(PhasesFile, func() (chart, error) { return phasesChart(names, means) })
	}
	order := make([]string, len(ts))
	for i, t := range ts {
		order[i] = t.Name
	}
	if ls := lanes(spans, order); len(ls) > 1 {
		add(TimelineFile, func() (chart, error) { return timelineChart(ls, ts) })
	}
	return charts
}

// pending is a chart to build once it is known to have something to show.
type pending struct {
	file  string
	build func() (chart, error)
}
