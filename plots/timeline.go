package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
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
// each cold start and a cross at each invocation that met a reset. Where
// the spans know the invocations in flight, the bar is pale and the
// invocations fill it from below, a full bar being the most that were in
// flight at once in any container of the scenario: a scale per scenario,
// so that one running a single invocation per container still shows.
func timelineChart(ls []lane, ts []*report.Tally) (chart, error) {
	c := newChart("Containers over time", "time since the first container started (s)", "")
	t0, tEnd := spanBounds(ls)
	sec := func(t time.Time) float64 { return t.Sub(t0).Seconds() }
	full := peakInFlight(ls)
	anyInFlight := false

	names := make([]string, len(ls))
	every := max(1, len(ls)/25)
	var colds plotter.XYs
	seen := map[string]bool{}
	for i, l := range ls {
		y := float64(len(ls) - 1 - i) // first lane at the top
		if !seen[l.scenario] {
			seen[l.scenario] = true
			name := l.scenario
			if n := full[l.scenario]; n > 0 {
				name = fmt.Sprintf("%s (full bar: %d in flight)", l.scenario, n)
				anyInFlight = true
			}
			c.legend.Add(name, &bar{colour: colour(l.colour)})
		}
		if i%every == 0 {
			names[len(ls)-1-i] = fmt.Sprintf("%s #%d", l.scenario, l.container)
		}
		for _, s := range l.spans {
			end := s.End
			if end.IsZero() {
				end = tEnd
			}
			life := &bar{x0: sec(s.Start), x1: sec(end), y: y, colour: colour(l.colour)}
			if len(s.InFlight.Mean) == 0 {
				c.Add(life)
			} else {
				life.colour = pale(colour(l.colour))
				c.Add(life, inFlightBars(s.InFlight, sec, sec(end), y, full[l.scenario], colour(l.colour)))
			}
			for _, cs := range s.ColdStarts {
				colds = append(colds, plotter.XY{X: sec(cs), Y: y})
			}
		}
	}
	if anyInFlight {
		c.legend.Add("alive, idle", &bar{colour: pale(color.RGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xFF})})
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

// peakInFlight is, by scenario, the most invocations in flight at once in
// any of its containers, 0 when its spans do not know them.
func peakInFlight(ls []lane) map[string]int {
	peak := map[string]int{}
	for _, l := range ls {
		for _, s := range l.spans {
			peak[l.scenario] = max(peak[l.scenario], s.InFlight.Peak)
		}
	}
	return peak
}

// inFlightBars draws a container's profile in its lane: each bin a bar from
// the lane's foot, as high as its mean in flight against full.
func inFlightBars(p report.Profile, sec func(time.Time) float64, end, y float64, full int, colour color.Color) *steps {
	st := &steps{y: y, colour: colour}
	for i, m := range p.Mean {
		if m == 0 {
			continue
		}
		x0 := sec(p.Origin.Add(time.Duration(i) * p.Bin))
		x1 := min(sec(p.Origin.Add(time.Duration(i+1)*p.Bin)), end)
		st.bins = append(st.bins, step{x0: x0, x1: x1, h: min(m/float64(full), 1)})
	}
	return st
}

// steps is a lane's invocations in flight: bars standing on the lane's
// foot, each h of the lane's full height.
type steps struct {
	y      float64
	colour color.Color
	bins   []step
}

type step struct{ x0, x1, h float64 }

// Plot fills the steps as one outline along the lane's foot: bins drawn
// apart would show a seam at every edge where the antialiasing of two
// neighbours leaves the pale bar showing through.
func (s *steps) Plot(c draw.Canvas, p *plot.Plot) {
	if len(s.bins) == 0 {
		return
	}
	tx, ty := p.Transforms(&c)
	foot := ty(s.y - barHalf)
	pts := []vg.Point{{X: tx(s.bins[0].x0), Y: foot}}
	for i, b := range s.bins {
		if i > 0 && b.x0 > s.bins[i-1].x1 {
			pts = append(pts, vg.Point{X: tx(s.bins[i-1].x1), Y: foot}, vg.Point{X: tx(b.x0), Y: foot})
		}
		top := ty(s.y - barHalf + 2*barHalf*b.h)
		pts = append(pts, vg.Point{X: tx(b.x0), Y: top}, vg.Point{X: tx(b.x1), Y: top})
	}
	pts = append(pts, vg.Point{X: tx(s.bins[len(s.bins)-1].x1), Y: foot})
	c.FillPolygon(s.colour, c.ClipPolygonXY(pts))
}

func (s *steps) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, b := range s.bins {
		xmin, xmax = min(xmin, b.x0), max(xmax, b.x1)
	}
	if len(s.bins) == 0 {
		xmin, xmax = 0, 0
	}
	return xmin, xmax, s.y - 0.5, s.y + 0.5
}

// pale is c mixed with three parts of white: a container alive but idle.
func pale(c color.RGBA) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(255 - (255-int(v))/4) }
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xFF}
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
