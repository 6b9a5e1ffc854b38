package plots

import (
	"slices"
	"testing"

	"gonum.org/v1/plot"
)

func labels(ticks []plot.Tick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestLinearTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{0, 1, []string{"0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"}},
		{0, 1000, []string{"0", "100", "200", "300", "400", "500", "600", "700", "800", "900", "1000"}},
		{0, 33.5, []string{"0", "5", "10", "15", "20", "25", "30"}},
		{0, 10.3, []string{"0", "2", "4", "6", "8", "10"}},
		{3, 3, []string{"3"}},
	}
	for _, tt := range tests {
		if got := labels(linearTicks{}.Ticks(tt.lo, tt.hi)); !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{1, 50, []string{"1", "2", "5", "10", "20", "50"}},
		{0.5, 5, []string{"0.5", "1", "2", "5"}},
	}
	for _, tt := range tests {
		if got := labels(logTicks{}.Ticks(tt.lo, tt.hi)); !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestLogRange(t *testing.T) {
	tests := []struct{ lo, hi, wantLo, wantHi float64 }{
		{1.8, 43, 1, 50},
		{2.2, 9.9, 2, 10},
		{5, 20, 5, 20},
		{0.3, 120, 0.2, 200},
	}
	for _, tt := range tests {
		lo, hi := logRange(tt.lo, tt.hi)
		if lo != tt.wantLo || hi != tt.wantHi {
			t.Errorf("logRange(%v, %v) = %v, %v, want %v, %v", tt.lo, tt.hi, lo, hi, tt.wantLo, tt.wantHi)
		}
	}
}
