package plots

import (
	"errors"
	"fmt"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/coldwire/coldwire/sim/report"
)

// CalibrationFile is the chart simulate calibrate writes.
const CalibrationFile = "calibrate.png"

// ErrNothingCalibrated is returned when no run of a calibration has a
// successful Redis call to draw.
var ErrNothingCalibrated = errors.New("plots: no run of the calibration has a successful call")

// calibrationBar is one run's row of the chart.
type calibrationBar struct {
	label  string
	colour int
	lat    *report.Latency
}

// WriteCalibration draws at path, per scenario, its run with the
// in-process model above its run with real Node processes: a bar to the
// Redis call's p50, a cross at its p99 and a ring at the first call, so
// that how far the model is from the real runtime shows scenario by
// scenario. A run without a successful call has no bar.
func WriteCalibration(path string, c report.Calibration) error {
	var bars []calibrationBar
	for _, r := range c.Rows {
		for _, run := range []struct {
			runtime string
			colour  int
			s       report.Summary
		}{{report.RuntimeGo, 0, r.Go}, {report.RuntimeNode, 1, r.Node}} {
			b := calibrationBar{label: fmt.Sprintf("%s · %s", r.Scenario, run.runtime), colour: run.colour, lat: run.s.RedisMs}
			if b.lat != nil {
				b.label += fmt.Sprintf(" · p50 %.2f", b.lat.P50)
			}
			bars = append(bars, b)
		}
	}
	if !slices.ContainsFunc(bars, func(b calibrationBar) bool { return b.lat != nil }) {
		return ErrNothingCalibrated
	}
	ch, err := calibrationChart(bars)
	if err != nil {
		return err
	}
	return ch.save(path)
}

// calibrationChart lays the bars out top-down in pairs, a blank row
// between scenarios.
func calibrationChart(bars []calibrationBar) (chart, error) {
	c := newChart("Redis call: in-process model (go) against real Node (node)", "time (ms)", "")
	c.Y.Tick.Label.Font = sans(11)
	rows := len(bars) + len(bars)/2 - 1
	labels := make([]string, rows)
	// The y of bar i, counted from the bottom: the first scenario on top.
	y := func(i int) float64 { return float64(rows - 1 - (i + i/2)) }
	thickness := min(0.35*vg.Inch, 4.5*vg.Inch/vg.Length(rows))
	var p99s, firsts plotter.XYs
	hi := 0.0
	legend := map[int]bool{}
	for i, b := range bars {
		labels[int(y(i))] = b.label
		if b.lat == nil {
			continue
		}
		bar, err := plotter.NewBarChart(plotter.Values{b.lat.P50}, thickness)
		if err != nil {
			return chart{}, fmt.Errorf("plots: %s: %w", b.label, err)
		}
		bar.Horizontal = true
		bar.XMin = y(i)
		bar.Color = colour(b.colour)
		bar.LineStyle.Width = 0
		c.Add(bar)
		if !legend[b.colour] {
			legend[b.colour] = true
			runtime := map[int]string{0: "go: in-process model, p50", 1: "node: real Node processes, p50"}[b.colour]
			c.legend.Add(runtime, bar)
		}
		p99s = append(p99s, plotter.XY{X: b.lat.P99, Y: y(i)})
		firsts = append(firsts, plotter.XY{X: b.lat.First, Y: y(i)})
		hi = max(hi, b.lat.P99, b.lat.First)
	}
	for _, m := range []struct {
		name  string
		xys   plotter.XYs
		shape draw.GlyphDrawer
	}{{"p99", p99s, draw.CrossGlyph{}}, {"first call", firsts, draw.RingGlyph{}}} {
		s, err := plotter.NewScatter(m.xys)
		if err != nil {
			return chart{}, fmt.Errorf("plots: %s: %w", m.name, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: colour(6), Radius: vg.Points(4), Shape: m.shape}
		c.Add(s)
		c.legend.Add(m.name, s)
	}
	c.NominalY(labels...)
	c.X.Min, c.X.Max = 0, hi*1.08
	return c, nil
}
