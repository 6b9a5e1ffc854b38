package plots

import (
	"slices"

	"gonum.org/v1/plot/plotter"
)

// maxLinePoints bounds the points of one line. A chart is 1000 pixels wide:
// past a few thousand points a line draws the same pixels, while the cost
// of rasterizing it grows with every point.
const maxLinePoints = 4000

// envelope returns the points of a line through x, y (x ascending) with at
// most about limit points that draws the same picture: the points are cut
// into consecutive bins and each bin keeps its first, lowest, highest and
// last point, in order, so every spike and dip is still drawn.
func envelope(x, y []float64, limit int) plotter.XYs {
	n := len(x)
	if n <= limit {
		return xys(x, y)
	}
	bins := max(limit/4, 1)
	size := (n + bins - 1) / bins
	pts := make(plotter.XYs, 0, 4*bins)
	for lo := 0; lo < n; lo += size {
		hi := min(lo+size, n)
		lowest, highest := lo, lo
		for i := lo; i < hi; i++ {
			if y[i] < y[lowest] {
				lowest = i
			}
			if y[i] > y[highest] {
				highest = i
			}
		}
		keep := []int{lo, lowest, highest, hi - 1}
		slices.Sort(keep)
		for i, k := range keep {
			if i == 0 || k != keep[i-1] {
				pts = append(pts, plotter.XY{X: x[k], Y: y[k]})
			}
		}
	}
	return pts
}
