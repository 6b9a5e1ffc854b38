package dist_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
)

func TestSamplerRepeatsWithSeed(t *testing.T) {
	for _, d := range []dist.Duration{
		{Kind: dist.Uniform, Mean: time.Millisecond, Spread: 500 * time.Microsecond},
		{Kind: dist.Normal, Mean: time.Millisecond, Spread: 200 * time.Microsecond},
		{Kind: dist.Exponential, Mean: time.Millisecond},
	} {
		a, b, c := d.Sampler(7), d.Sampler(7), d.Sampler(8)
		same, differs := true, false
		for range 100 {
			x, y, z := a.Next(), b.Next(), c.Next()
			same = same && x == y
			differs = differs || x != z
		}
		if !same {
			t.Errorf("%v: two samplers with one seed disagree", d)
		}
		if !differs {
			t.Errorf("%v: another seed gave the same sequence", d)
		}
	}
}

func TestSamplerStaysInBounds(t *testing.T) {
	tests := []struct {
		name   string
		d      dist.Duration
		lo, hi time.Duration
	}{
		{"fixed", dist.Constant(3 * time.Millisecond), 3 * time.Millisecond, 3 * time.Millisecond},
		{"uniform", dist.Duration{Kind: dist.Uniform, Mean: 10 * time.Millisecond, Spread: 2 * time.Millisecond}, 8 * time.Millisecond, 12 * time.Millisecond},
		{"normal capped", dist.Duration{Kind: dist.Normal, Mean: 0, Spread: time.Millisecond, Cap: 1500 * time.Microsecond}, -1500 * time.Microsecond, 1500 * time.Microsecond},
		{"exponential", dist.Duration{Kind: dist.Exponential, Mean: time.Millisecond}, 0, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.d.Sampler(1)
			var sum time.Duration
			const n = 20000
			for range n {
				v := s.Next()
				if v < tt.lo || v > tt.hi {
					t.Fatalf("sample %v outside [%v, %v]", v, tt.lo, tt.hi)
				}
				sum += v
			}
			if mean := sum / n; tt.d.Cap == 0 && (mean < tt.d.Mean*9/10 || mean > tt.d.Mean*11/10) {
				t.Errorf("mean %v, want about %v", mean, tt.d.Mean)
			}
		})
	}
}

func TestSpikesHappenAtTheirRate(t *testing.T) {
	s := dist.Spikes{Probability: 0.01, Size: dist.Constant(50 * time.Millisecond)}.Sampler(3)
	hits := 0
	for range 100000 {
		switch v := s.Next(); v {
		case 0:
		case 50 * time.Millisecond:
			hits++
		default:
			t.Fatalf("spike of %v, want 0 or 50ms", v)
		}
	}
	if hits < 800 || hits > 1200 {
		t.Errorf("%d spikes in 100000 draws at p=0.01", hits)
	}
}

func TestValidate(t *testing.T) {
	bad := []dist.Duration{
		{Kind: "pareto"},
		{Kind: dist.Normal, Spread: -1},
		{Kind: dist.Normal, Cap: -1},
	}
	for _, d := range bad {
		if d.Validate() == nil {
			t.Errorf("%+v: Validate accepted it", d)
		}
	}
	if err := (dist.Spikes{Probability: 2}).Validate(); err == nil {
		t.Error("spike probability 2 accepted")
	}
}

func ExampleDuration_Sampler() {
	jitter := dist.Duration{Kind: dist.Uniform, Mean: 0, Spread: 100 * time.Microsecond}
	a, b := jitter.Sampler(42), jitter.Sampler(42)
	for range 3 {
		x, y := a.Next(), b.Next()
		fmt.Println(x == y, x >= -100*time.Microsecond && x <= 100*time.Microsecond)
	}
	// Output:
	// true true
	// true true
	// true true
}
