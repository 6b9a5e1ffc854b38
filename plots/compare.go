package plots

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldwire/coldwire/sim/report"
)

// Run is one run's rows under the name its legend entries carry, such as
// its directory.
type Run struct {
	Name string
	Rows []report.Row
}

// ErrNothingToCompare is returned when the runs share no scenario with a
// successful Redis call.
var ErrNothingToCompare = errors.New("plots: the runs share no scenario with a successful call")

// WriteCompare draws at path, on one PNG, the Redis latency CDFs of runs a
// and b for every scenario both hold, each labelled with its p50, so that
// an emulated run can be checked against one measured on a real database:
// a scenario keeps its colour, the second run is dashed, and a dot marks
// each p50.
func WriteCompare(path string, a, b Run) error {
	sa, sb := runSeries(a), runSeries(b)
	var ss []series
	for _, name := range slices.Sorted(maps.Keys(sa)) {
		y, ok := sb[name]
		if !ok {
			continue
		}
		x := sa[name]
		colour := len(ss) / 2
		x.colour, y.colour = colour, colour
		y.dashed = true
		x.name = fmt.Sprintf("%s · %s · p50 %.2f ms", name, a.Name, median(x.redisMs))
		y.name = fmt.Sprintf("%s · %s · p50 %.2f ms", name, b.Name, median(y.redisMs))
		ss = append(ss, x, y)
	}
	if len(ss) == 0 {
		return ErrNothingToCompare
	}
	c, err := latencyCDF(ss)
	if err != nil {
		return err
	}
	c.Title.Text = fmt.Sprintf("Redis latency: %s vs %s", a.Name, b.Name)
	for _, s := range ss {
		p, err := plotter.NewScatter(plotter.XYs{{X: median(s.redisMs), Y: 0.5}})
		if err != nil {
			return fmt.Errorf("plots: %s: %w", s.name, err)
		}
		p.GlyphStyle = draw.GlyphStyle{Color: colour(s.colour), Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		if s.dashed {
			p.GlyphStyle.Shape = draw.RingGlyph{}
		}
		c.Add(p)
	}
	return c.save(path)
}

// runSeries takes each scenario's successful Redis latencies in row order.
func runSeries(r Run) map[string]series {
	out := make(map[string]series)
	for _, row := range r.Rows {
		if row.Failed() || row.RedisMs <= 0 {
			continue
		}
		s := out[row.Scenario]
		s.redisMs = append(s.redisMs, row.RedisMs)
		out[row.Scenario] = s
	}
	return out
}
