package plots

import (
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/coldwire/coldwire/sim/report"
)

// phase is one part of an invocation's time, stacked in the order it
// happens.
type phase struct {
	name   string
	colour color.RGBA
}

// phases are labelled in report.Phase order.
var phases = [report.NumPhases]phase{
	report.PhaseInit:       {"init (cold start)", colour(6)},
	report.PhaseClientInit: {"client init (first TLS)", colour(5)},
	report.PhaseSocketWait: {"wait for a socket (max_sockets)", colour(2)},
	report.PhaseDNS:        {"DNS", colour(4)},
	report.PhaseConnect:    {"TCP connect", colour(1)},
	report.PhaseTLS:        {"TLS handshake", colour(3)},
	report.PhaseRequest:    {"request (to first byte)", colour(0)},
}

// phaseMeans returns, per scenario with a successful invocation, the mean
// of each phase over its successful invocations.
func phaseMeans(ts []*report.Tally) (names []string, means [][]float64) {
	for _, t := range ts {
		n := t.Successes()
		if n == 0 {
			continue
		}
		m := make([]float64, report.NumPhases)
		for i, sum := range t.PhaseSums {
			m[i] = sum / float64(n)
		}
		names = append(names, t.Name)
		means = append(means, m)
	}
	return names, means
}

// phasesChart stacks the mean phases of an invocation per scenario, one
// horizontal bar each, so long scenario names never collide.
func phasesChart(names []string, means [][]float64) (chart, error) {
	c := newChart("Where an invocation's time goes (mean per invocation)", "time (ms)", "")
	c.Y.Tick.Label.Font = sans(12)
	// The first scenario at the top, as in the scenario file.
	rev := slices.Clone(names)
	slices.Reverse(rev)
	c.NominalY(rev...)
	thickness := min(0.6*vg.Inch, 4*vg.Inch/vg.Length(len(names))*0.6)
	var below *plotter.BarChart
	totals := make([]float64, len(names))
	for i, p := range phases {
		vals := make(plotter.Values, len(names))
		for j := range names {
			vals[len(names)-1-j] = means[j][i]
			totals[j] += means[j][i]
		}
		bars, err := plotter.NewBarChart(vals, thickness)
		if err != nil {
			return chart{}, fmt.Errorf("plots: phase %s: %w", p.name, err)
		}
		bars.Horizontal = true
		bars.Color = p.colour
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		c.Add(bars)
		c.legend.Add(p.name, bars)
	}
	labels := plotter.XYLabels{}
	for j, t := range totals {
		labels.XYs = append(labels.XYs, plotter.XY{X: t, Y: float64(len(names) - 1 - j)})
		labels.Labels = append(labels.Labels, fmt.Sprintf("  %.1f ms", t))
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return chart{}, fmt.Errorf("plots: %w", err)
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font = sans(11)
		l.TextStyle[i].YAlign = -0.5
	}
	c.Add(l)
	c.X.Min = 0
	c.X.Max = slices.Max(totals) * 1.15
	return c, nil
}
