package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldwire/coldwire/sim/report"
)

type lane struct {
	scenario  string
	container int
	colour    int
	spans     []report.Span
}

// lanes groups spans into one lane per container, scenarios in order (then
// in order of first appearance), containers by id.
func lanes(spans []report.Span, order []string) []lane {
	rank := map[string]int{}
	for _, name := range order {
		if _, ok := rank[name]; !ok {
			rank[name] = len(rank)
		}
	}
	byKey := map[[2]string]*lane{}
	var out []*lane
	for _, s := range spans {
		if _, ok := rank[s.Scenario]; !ok {
			rank[s.Scenario] = len(rank)
		}
		key := [2]string{s.Scenario, strconv.Itoa(s.Container)}
		l, ok := byKey[key]
		if !ok {
			l = &lane{scenario: s.Scenario, container: s.Container, colour: rank[s.Scenario]}
			byKey[key] = l
			out = append(out, l)
		}
		l.spans = append(l.spans, s)
	}
	slices.SortStableFunc(out, func(a, b *lane) int {
		return cmp.Or(cmp.Compare(rank[a.scenario], rank[b.scenario]), cmp.Compare(a.container, b.container))
	})
	res := make([]lane, len(out))
	for i, l := range out {
		res[i] = *l
	}
	return res
}

// timelineChart draws each container's lifetime as a bar in its own lane,
// time in seconds from the first container's start, with a triangle at
// each cold start and a cross at each invocation that met a reset.
func timelineChart(ls []lane, ts []*report.Tally) (chart, error) {
	c := newChart("Containers over time", "time since the first container started (s)", "")
	t0, tEnd := spanBounds(ls)
	sec := func(t time.Time) float64 { return t.Sub(t0).Seconds() }

	names := make([]string, len(ls))
	every := max(1, len(ls)/25)
	var colds plotter.XYs
	seen := map[string]bool{}
	for i, l := range ls {
		y := float64(len(ls) - 1 - i) // first lane at the top
		if !seen[l.scenario] {
			seen[l.scenario] = true
			c.legend.Add(l.scenario, &bar{colour: colour(l.colour)})
		}
		if i%every == 0 {
			names[len(ls)-1-i] = fmt.Sprintf("%s #%d", l.scenario, l.container)
		}
		for _, s := range l.spans {
			end := s.End
			if end.IsZero() {
				end = tEnd
			}
			c.Add(&bar{x0: sec(s.Start), x1: sec(end), y: y, colour: colour(l.colour)})
			for _, cs := range s.ColdStarts {
				colds = append(colds, plotter.XY{X: sec(cs), Y: y})
			}
		}
	}
	c.NominalY(names...)
	c.Y.Tick.Label.Font.Size = min(11, max(6, 300/vg.Length(len(ls))))
	c.X.Min = 0
	c.X.Max = max(sec(tEnd)*1.02, 1e-3)
	if len(colds) > 0 {
		// A white halo keeps the black marks visible on any bar colour.
		halo, err := plotter.NewScatter(colds)
		if err != nil {
			return chart{}, fmt.Errorf("plots: cold starts: %w", err)
		}
		halo.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: vg.Points(7), Shape: draw.PyramidGlyph{}}
		marks, err := plotter.NewScatter(colds)
		if err != nil {
			return chart{}, fmt.Errorf("plots: cold starts: %w", err)
		}
		marks.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(5), Shape: draw.PyramidGlyph{}}
		c.Add(halo, marks)
		c.legend.Add("cold start", marks)
	}
	if err := addResetMarks(&c, resetPoints(ts, ls, sec)); err != nil {
		return chart{}, err
	}
	return c, nil
}

func spanBounds(ls []lane) (first, last time.Time) {
	for _, l := range ls {
		for _, s := range l.spans {
			for _, t := range append([]time.Time{s.Start, s.End}, s.ColdStarts...) {
				if t.IsZero() {
					continue
				}
				if first.IsZero() || t.Before(first) {
					first = t
				}
				if t.After(last) {
					last = t
				}
			}
		}
	}
	return first, last
}

// bar is one lifetime in a lane, filled from x0 to x1 seconds.
type bar struct {
	x0, x1, y float64
	colour    color.Color
}

const barHalf = 0.3 // of a lane

func (b *bar) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	x0, x1 := tx(b.x0), tx(b.x1)
	if x1-x0 < vg.Points(1) {
		x1 = x0 + vg.Points(1) // a short life still shows
	}
	pts := []vg.Point{
		{X: x0, Y: ty(b.y - barHalf)}, {X: x1, Y: ty(b.y - barHalf)},
		{X: x1, Y: ty(b.y + barHalf)}, {X: x0, Y: ty(b.y + barHalf)},
	}
	c.FillPolygon(b.colour, c.ClipPolygonXY(pts))
}

func (b *bar) DataRange() (xmin, xmax, ymin, ymax float64) {
	return b.x0, b.x1, b.y - 0.5, b.y + 0.5
}

func (b *bar) Thumbnail(c *draw.Canvas) {
	mid := (c.Min.Y + c.Max.Y) / 2
	h := (c.Max.Y - c.Min.Y) * 0.35
	c.FillPolygon(b.colour, []vg.Point{
		{X: c.Min.X, Y: mid - h}, {X: c.Max.X, Y: mid - h}, {X: c.Max.X, Y: mid + h}, {X: c.Min.X, Y: mid + h},
	})
}
