package plots

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Every chart is Width x Height at DPI: 1000 x 600 pixels.
const (
	Width  = 10 * vg.Inch
	Height = 6 * vg.Inch
	DPI    = 100
)

// palette is Okabe and Ito's, whose colours stay apart for colour-blind
// readers and in greyscale print.
var palette = []color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow, last: faint on white
}

func colour(i int) color.RGBA { return palette[i%len(palette)] }

// chart is a plot with its legend kept apart, drawn in a column to the right
// of the data so that it can never cover a point.
type chart struct {
	*plot.Plot
	legend plot.Legend
}

func newChart(title, xLabel, yLabel string) chart {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(15)
	p.Title.Padding = 0.15 * vg.Inch
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(12)
		a.Tick.Label.Font = sans(11)
		a.Tick.Marker = linearTicks{}
		a.Padding = 0
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xE0}
	grid.Horizontal.Color = color.Gray{Y: 0xE0}
	p.Add(grid)

	l := plot.NewLegend()
	l.TextStyle.Font = sans(11)
	l.Top, l.Left = true, true
	l.Padding = 0.12 * vg.Inch
	l.ThumbnailWidth = 0.35 * vg.Inch
	return chart{Plot: p, legend: l}
}

// save renders the chart as a PNG of Width x Height pixels at DPI.
func (c chart) save(path string) (err error) {
	img := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	const margin = 0.15 * vg.Inch
	dc = draw.Crop(dc, margin, -margin, margin, -margin)
	if w := c.legendWidth(dc); w > 0 {
		c.Plot.Draw(draw.Crop(dc, 0, -(w + margin), 0, 0))
		// Start the legend level with the top of the data area, below the title.
		top := c.Plot.Title.TextStyle.Height(c.Plot.Title.Text) + c.Plot.Title.Padding
		c.legend.Draw(draw.Crop(dc, dc.Max.X-dc.Min.X-w, 0, 0, -top))
	} else {
		c.Plot.Draw(dc)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("plots: %w", cerr)
		}
	}()
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		return fmt.Errorf("plots: write %s: %w", path, err)
	}
	return nil
}

func (c chart) legendWidth(dc draw.Canvas) vg.Length {
	r := c.legend.Rectangle(dc)
	return r.Max.X - r.Min.X
}

// sans is the charts' typeface: gonum's default serif blurs at screen
// resolution.
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// linearTicks labels about six to ten round values (steps of 1, 2 or 5 times
// a power of ten); gonum's default labels as few as three.
type linearTicks struct{}

func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', -1, 64)}}
	}
	step := math.Pow(10, math.Floor(math.Log10((hi-lo)/10)))
	for _, m := range []float64{1, 2, 5, 10} {
		if (hi-lo)/(m*step) <= 10 {
			step *= m
			break
		}
	}
	// Decimals from the step, not the value: 0.1*7 prints as 0.7000000000000001.
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	var ticks []plot.Tick
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+step*1e-9; i++ {
		v := i * step
		if v == 0 {
			v = 0 // not -0 from Ceil of a tiny negative
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', decimals, 64)})
	}
	return ticks
}

// logTicks marks a log axis at 1, 2 and 5 times each power of ten, with
// unlabelled minor ticks between: gonum's LogTicks labels only powers of
// ten, which leaves a 2 ms to 40 ms axis with a single label.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := float64(m) * base
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// logRange widens [lo, hi] to the 1-2-5 steps around it, so the axis starts
// and ends on a labelled tick.
func logRange(lo, hi float64) (float64, float64) {
	down := func(v float64) float64 {
		base := math.Pow(10, math.Floor(math.Log10(v)))
		for _, m := range []float64{5, 2, 1} {
			if m*base <= v*(1+1e-9) {
				return m * base
			}
		}
		return base
	}
	up := func(v float64) float64 {
		base := math.Pow(10, math.Floor(math.Log10(v)))
		for _, m := range []float64{1, 2, 5, 10} {
			if m*base >= v*(1-1e-9) {
				return m * base
			}
		}
		return 10 * base
	}
	return down(lo), up(hi)
}
