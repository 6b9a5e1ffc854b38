package plots

import (
	"fmt"
	"image/color"
	"strconv"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldwire/coldwire/sim/report"
)

// failureColour marks what went wrong, whatever the scenario's colour.
var failureColour = color.RGBA{R: 0xc0, G: 0x10, B: 0x10, A: 0xff}

// marks turns a tally's marked invocations into points of latency-by-request:
// request number and Redis time so far. Those without Redis time are left
// out, as a log axis cannot show zero.
func marks(ms []report.Mark) plotter.XYs {
	var pts plotter.XYs
	for _, m := range ms {
		if m.RedisMs > 0 {
			pts = append(pts, plotter.XY{X: float64(m.Seq) + 1, Y: m.RedisMs})
		}
	}
	return pts
}

// addFailureMarks draws a cross at each failed request, at the time it took
// to fail, and a ring around each request that succeeded after a retry.
func addFailureMarks(c *chart, ss []series) error {
	var failed, retried bool
	for _, s := range ss {
		for _, m := range []struct {
			pts   plotter.XYs
			shape draw.GlyphDrawer
			seen  *bool
		}{
			{s.failed, draw.CrossGlyph{}, &failed},
			{s.retried, draw.RingGlyph{}, &retried},
		} {
			if len(m.pts) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(m.pts)
			if err != nil {
				return fmt.Errorf("plots: %s: %w", s.name, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: failureColour, Radius: vg.Points(4), Shape: m.shape}
			c.Add(sc)
			if !*m.seen {
				*m.seen = true
				label := "failed call"
				if m.seen == &retried {
					label = "retried call"
				}
				c.legend.Add(label, sc)
			}
		}
	}
	return nil
}

// resetPoints places each invocation that met a reset in its container's
// lane of the timeline.
func resetPoints(ts []*report.Tally, ls []lane, sec func(time.Time) float64) plotter.XYs {
	y := map[string]float64{}
	for i, l := range ls {
		y[l.scenario+"#"+strconv.Itoa(l.container)] = float64(len(ls) - 1 - i)
	}
	var pts plotter.XYs
	for _, t := range ts {
		for _, m := range t.Failures.Resets {
			if ly, ok := y[t.Name+"#"+strconv.Itoa(m.Container)]; ok && !m.At.IsZero() {
				pts = append(pts, plotter.XY{X: sec(m.At), Y: ly})
			}
		}
	}
	return pts
}

// addResetMarks draws a cross where a container's invocation met a reset.
func addResetMarks(c *chart, pts plotter.XYs) error {
	if len(pts) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("plots: resets: %w", err)
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: failureColour, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}
	c.Add(sc)
	c.legend.Add("reset", sc)
	return nil
}
