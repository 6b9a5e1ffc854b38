package plots

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldwire/coldwire/sim/report"
)

// series is one scenario's successful Redis latencies, in request order,
// with each one's 1-based request index.
type series struct {
	name    string
	colour  int
	index   []float64
	redisMs []float64
	// failed and retried mark the requests that failed and those that
	// succeeded after a retry; nil when there are none.
	failed, retried plotter.XYs
	// dashed draws the series' lines dashed, to tell a second run apart.
	dashed bool
}

// redisSeries takes each tally's successful Redis latencies in request
// order. Samples with no Redis time are left out: a log axis cannot show
// zero.
func redisSeries(ts []*report.Tally) []series {
	var out []series
	for i, t := range ts {
		s := series{name: t.Name, colour: i}
		requests, ms := t.InSeqOrder()
		for j, v := range ms {
			if v > 0 {
				s.index = append(s.index, requests[j])
				s.redisMs = append(s.redisMs, v)
			}
		}
		s.failed, s.retried = marks(t.Failures.Failed), marks(t.Failures.Retried)
		if len(s.redisMs) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func bounds(ss []series) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		lo = min(lo, slices.Min(s.redisMs))
		hi = max(hi, slices.Max(s.redisMs))
		for _, p := range append(slices.Clone(s.failed), s.retried...) {
			lo, hi = min(lo, p.Y), max(hi, p.Y)
		}
	}
	return lo, hi
}

func median(v []float64) float64 {
	return report.Percentile(slices.Sorted(slices.Values(v)), 50)
}

// latencyByRequest is the article's chart: Redis latency of each request in
// order, so a cold first call stands out against the warm ones after it.
func latencyByRequest(ss []series) (chart, error) {
	c := newChart("Redis latency per request", "request (in order of invocation)", "Redis latency (ms, log scale)")
	lo, hi := bounds(ss)
	c.Y.Scale = plot.LogScale{}
	c.Y.Tick.Marker = logTicks{}
	c.Y.Min, c.Y.Max = logRange(lo, hi)
	c.X.Min = 0
	// Draw the first scenario last, on top: it is the one the others are
	// compared with.
	for i := len(ss) - 1; i >= 0; i-- {
		s := ss[i]
		line, err := plotter.NewLine(envelope(s.index, s.redisMs, maxLinePoints))
		if err != nil {
			return chart{}, fmt.Errorf("plots: %s: %w", s.name, err)
		}
		line.Color = colour(s.colour)
		line.Width = vg.Points(1)
		first, err := plotter.NewScatter(xys(s.index[:1], s.redisMs[:1]))
		if err != nil {
			return chart{}, fmt.Errorf("plots: %s: %w", s.name, err)
		}
		first.GlyphStyle = draw.GlyphStyle{Color: colour(s.colour), Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		c.Add(line, first)
	}
	for _, s := range ss {
		line, _ := plotter.NewLine(xys(s.index[:1], s.redisMs[:1]))
		line.Color = colour(s.colour)
		line.Width = vg.Points(2.5)
		c.legend.Add(fmt.Sprintf("%s\nfirst %.1f ms, median %.1f ms", s.name, s.redisMs[0], median(s.redisMs)), line)
	}
	if err := addFailureMarks(&c, ss); err != nil {
		return chart{}, err
	}
	return c, nil
}

// latencyCDF shows how the Redis latencies of each scenario are spread: the
// fraction of requests at or below each latency.
func latencyCDF(ss []series) (chart, error) {
	c := newChart("Distribution of Redis latency", "Redis latency (ms, log scale)", "fraction of requests ≤ latency")
	lo, hi := bounds(ss)
	c.X.Scale = plot.LogScale{}
	c.X.Tick.Marker = logTicks{}
	c.X.Min, c.X.Max = logRange(lo, hi)
	c.Y.Min, c.Y.Max = 0, 1
	for _, s := range ss {
		sorted := slices.Sorted(slices.Values(s.redisMs))
		pts := make(plotter.XYs, 0, len(sorted)+1)
		pts = append(pts, plotter.XY{X: sorted[0], Y: 0})
		for i, v := range sorted {
			pts = append(pts, plotter.XY{X: v, Y: float64(i+1) / float64(len(sorted))})
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return chart{}, fmt.Errorf("plots: %s: %w", s.name, err)
		}
		line.StepStyle = plotter.PostStep
		line.Color = colour(s.colour)
		line.Width = vg.Points(2)
		if s.dashed {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		c.Add(line)
		c.legend.Add(s.name, line)
	}
	return c, nil
}

func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return pts
}
