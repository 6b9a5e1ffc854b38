package plots

import (
	"fmt"
	"image/color"

	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldwire/coldwire/sim/report"
)

// sweepFigure is one figure a sweep charts against its first axis. A
// latency has a band from its 10th to its 90th percentile around the
// median.
type sweepFigure struct {
	file, title, unit string
	value             func(report.SweepRow) (mid, lo, hi float64, ok bool)
}

func latencyFigure(name, title string, get func(report.SweepRow) (*report.Latency, *float64)) sweepFigure {
	return sweepFigure{file: "sweep-" + name + ".png", title: title + ": median, band from p10 to p90", unit: "ms",
		value: func(r report.SweepRow) (float64, float64, float64, bool) {
			l, p10 := get(r)
			if l == nil || p10 == nil {
				return 0, 0, 0, false
			}
			return l.P50, *p10, l.P90, true
		}}
}

func platformFigure(name, title, unit string, get func(*report.Platform) (float64, bool)) sweepFigure {
	return sweepFigure{file: "sweep-" + name + ".png", title: title, unit: unit,
		value: func(r report.SweepRow) (float64, float64, float64, bool) {
			if r.Summary.Platform == nil {
				return 0, 0, 0, false
			}
			v, ok := get(r.Summary.Platform)
			return v, v, v, ok
		}}
}

var sweepFigures = []sweepFigure{
	latencyFigure("redis", "Redis latency", func(r report.SweepRow) (*report.Latency, *float64) { return r.Summary.RedisMs, r.RedisP10Ms }),
	latencyFigure("total", "Invocation latency", func(r report.SweepRow) (*report.Latency, *float64) { return r.Summary.TotalMs, r.TotalP10Ms }),
	platformFigure("cold-start-probability", "Cold-start probability", "fraction of invocations",
		func(p *report.Platform) (float64, bool) { return p.ColdStartProbability, true }),
	platformFigure("mean-live-containers", "Containers alive, mean over the load", "containers",
		func(p *report.Platform) (float64, bool) { return p.MeanLiveContainers, true }),
	platformFigure("peak-live-containers", "Containers alive, peak", "containers",
		func(p *report.Platform) (float64, bool) { return float64(p.PeakLiveContainers), true }),
	platformFigure("busy-container-seconds", "Container time busy (init and invocations)", "container-seconds",
		func(p *report.Platform) (float64, bool) { return p.BusyContainerSeconds, true }),
	platformFigure("idle-gb-seconds", "Memory kept warm while idle", "GB-seconds",
		func(p *report.Platform) (float64, bool) { return p.IdleGBSeconds, true }),
	platformFigure("cost", "Cost at the scenario's prices", "cost",
		func(p *report.Platform) (float64, bool) {
			if p.Cost == nil {
				return 0, false
			}
			return *p.Cost, true
		}),
}

// WriteSweep creates dir if needed and writes sweep-<figure>.png for each
// figure of sw some row has: the figure against the first axis, a line per
// scenario (and per value of any other axis). It returns the paths written.
func WriteSweep(dir string, sw report.Sweep) ([]string, error) {
	if len(sw.Axes) == 0 || len(sw.Rows) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	x := newSweepAxis(sw.Axes[0])
	var written []string
	for _, fig := range sweepFigures {
		lines := sweepLines(sw, x, fig)
		if len(lines) == 0 {
			continue
		}
		c, err := sweepChart(fig, x, lines)
		if err != nil {
			return written, err
		}
		path := filepath.Join(dir, fig.file)
		if err := c.save(path); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// sweepAxis places the first axis's values: durations in milliseconds,
// numbers as they are, anything else (true, "1.2") evenly by position.
type sweepAxis struct {
	label  string
	pos    map[string]float64
	labels []string // for a categorical axis
}

func newSweepAxis(a report.SweepAxis) sweepAxis {
	x := sweepAxis{label: a.Path, pos: make(map[string]float64)}
	durations, numbers := true, true
	for _, v := range a.Values {
		if _, err := time.ParseDuration(v); err != nil && v != "0" {
			durations = false
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			numbers = false
		}
	}
	for i, v := range a.Values {
		switch {
		case durations:
			d, _ := time.ParseDuration(v)
			x.pos[v] = float64(d) / float64(time.Millisecond)
		case numbers:
			x.pos[v], _ = strconv.ParseFloat(v, 64)
		default:
			x.pos[v] = float64(i)
			x.labels = append(x.labels, v)
		}
	}
	if durations {
		x.label += " (ms)"
	}
	return x
}

// sweepLine is one scenario's figure across the first axis.
type sweepLine struct {
	name           string
	x, mid, lo, hi []float64
	band           bool
}

func sweepLines(sw report.Sweep, x sweepAxis, fig sweepFigure) []sweepLine {
	var lines []sweepLine
	at := make(map[string]int)
	for _, r := range sw.Rows {
		mid, lo, hi, ok := fig.value(r)
		if !ok {
			continue
		}
		name := r.Summary.Name
		for i, a := range sw.Axes[1:] {
			name += ", " + a.Path + "=" + r.Point[i+1]
		}
		i, seen := at[name]
		if !seen {
			i = len(lines)
			at[name] = i
			lines = append(lines, sweepLine{name: name})
		}
		l := &lines[i]
		l.x = append(l.x, x.pos[r.Point[0]])
		l.mid, l.lo, l.hi = append(l.mid, mid), append(l.lo, lo), append(l.hi, hi)
		l.band = l.band || lo != hi
	}
	return lines
}

// wide reports whether values spread over more than a factor of 20, all
// positive: a log axis then shows the small ones.
func wide(v []float64) bool {
	lo, hi := slices.Min(v), slices.Max(v)
	return lo > 0 && hi/lo >= 20
}

func sweepChart(fig sweepFigure, x sweepAxis, lines []sweepLine) (chart, error) {
	var xs, ys []float64
	for _, l := range lines {
		xs = append(xs, l.x...)
		ys = append(ys, l.mid...)
		ys = append(ys, l.lo...)
		ys = append(ys, l.hi...)
	}
	yLabel := fig.unit
	logX, logY := x.labels == nil && wide(xs), wide(ys)
	if logY {
		yLabel += ", log scale"
	}
	xLabel := x.label
	if logX {
		xLabel += ", log scale"
	}
	c := newChart(fig.title, xLabel, yLabel)
	if logX {
		c.X.Scale = plot.LogScale{}
		c.X.Tick.Marker = logTicks{}
		c.X.Min, c.X.Max = logRange(slices.Min(xs), slices.Max(xs))
	}
	if x.labels != nil {
		ticks := make([]plot.Tick, len(x.labels))
		for i, l := range x.labels {
			ticks[i] = plot.Tick{Value: float64(i), Label: l}
		}
		c.X.Tick.Marker = plot.ConstantTicks(ticks)
		c.X.Min, c.X.Max = -0.5, float64(len(x.labels))-0.5
	}
	if logY {
		c.Y.Scale = plot.LogScale{}
		c.Y.Tick.Marker = logTicks{}
		c.Y.Min, c.Y.Max = logRange(slices.Min(ys), slices.Max(ys))
	} else {
		c.Y.Min = min(0, slices.Min(ys))
		c.Y.Max = slices.Max(ys) * 1.05
		if c.Y.Max <= c.Y.Min {
			c.Y.Max = c.Y.Min + 1
		}
	}
	for i, l := range lines {
		col := colour(i)
		if l.band {
			poly := make(plotter.XYs, 0, 2*len(l.x))
			for j := range l.x {
				poly = append(poly, plotter.XY{X: l.x[j], Y: l.lo[j]})
			}
			for j := len(l.x) - 1; j >= 0; j-- {
				poly = append(poly, plotter.XY{X: l.x[j], Y: l.hi[j]})
			}
			band, err := plotter.NewPolygon(poly)
			if err != nil {
				return chart{}, fmt.Errorf("plots: %s: %w", l.name, err)
			}
			band.Color = color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x40}
			band.LineStyle.Width = 0
			c.Add(band)
		}
		line, points, err := plotter.NewLinePoints(xys(l.x, l.mid))
		if err != nil {
			return chart{}, fmt.Errorf("plots: %s: %w", l.name, err)
		}
		line.Color, line.Width = col, vg.Points(2)
		points.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		c.Add(line, points)
		c.legend.Add(strings.TrimSpace(l.name), line, points)
	}
	return c, nil
}
