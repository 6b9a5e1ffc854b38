package dist

import (
	"math"
	"testing"
	"time"
)

// correlation is Pearson's r of two samples of equal length.
func correlation(x, y []float64) float64 {
	n := float64(len(x))
	var sx, sy, sxx, syy, sxy float64
	for i := range x {
		sx, sy = sx+x[i], sy+y[i]
		sxx, syy, sxy = sxx+x[i]*x[i], syy+y[i]*y[i], sxy+x[i]*y[i]
	}
	return (n*sxy - sx*sy) / math.Sqrt((n*sxx-sx*sx)*(n*syy-sy*sy))
}

// TestDerivedStreamsAreIndependent draws a few thousand samples from the
// streams of one seed, as a run does (arrival gaps and server times both
// exponential, init times, jitter), and checks that no two correlate. With
// one seed for all, the first two correlate at 1.
func TestDerivedStreamsAreIndependent(t *testing.T) {
	const n = 5000
	exp := Duration{Kind: Exponential, Mean: 20 * time.Millisecond}
	uni := Duration{Kind: Uniform, Mean: time.Millisecond, Spread: 500 * time.Microsecond}
	streams := map[string]Duration{
		"load.arrivals": exp, "upstream.server_time": exp, "platform.init": exp, "network.jitter": uni,
	}
	for _, seed := range []uint64{1, 5, 42} {
		draws := map[string][]float64{}
		for label, d := range streams {
			s := d.Sampler(Derive(seed, label))
			for range n {
				draws[label] = append(draws[label], float64(s.Next()))
			}
		}
		for a := range streams {
			for b := range streams {
				if a >= b {
					continue
				}
				if r := correlation(draws[a], draws[b]); math.Abs(r) >= 0.05 {
					t.Errorf("seed %d: %s and %s correlate at %.3f, want |r| < 0.05", seed, a, b, r)
				}
			}
		}
	}
	same := exp.Sampler(1)
	again := exp.Sampler(1)
	var x, y []float64
	for range n {
		x, y = append(x, float64(same.Next())), append(y, float64(again.Next()))
	}
	if r := correlation(x, y); r < 0.99 {
		t.Errorf("two samplers of one seed correlate at %.3f; the check above would not see shared streams", r)
	}
}

func TestDeriveDependsOnSeedAndLabel(t *testing.T) {
	seen := map[uint64]string{}
	for _, seed := range []uint64{0, 1, 2} {
		for _, label := range []string{"a", "b", "load.arrivals"} {
			v := Derive(seed, label)
			if prev, ok := seen[v]; ok {
				t.Errorf("Derive(%d, %q) = Derive of %s", seed, label, prev)
			}
			seen[v] = label
			if Derive(seed, label) != v {
				t.Errorf("Derive(%d, %q) is not repeatable", seed, label)
			}
		}
	}
}
