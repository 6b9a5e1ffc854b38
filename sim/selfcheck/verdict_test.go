package selfcheck_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/selfcheck"
)

func TestJudge(t *testing.T) {
	const us = time.Microsecond
	tests := []struct {
		name        string
		oneWay, p99 time.Duration
		k           float64
		over        bool
		limit       time.Duration
		words       []string // the message names these
	}{
		{"on time", 750 * us, 10 * us, 1, false, 75 * us, []string{"10 µs", "75 µs", "750 µs", "within"}},
		{"at the limit", 750 * us, 75 * us, 1, false, 75 * us, nil},
		{"just over a tenth", 750 * us, 76 * us, 1, true, 75 * us, nil},
		{"far over", 750 * us, 420 * us, 1, true, 75 * us, []string{"420 µs late at p99", "750 µs one-way", "machine's limits", "concurrency"}},
		{"short delay gets the floor", 100 * us, 45 * us, 1, false, 50 * us, nil},
		{"short delay over the floor", 100 * us, 51 * us, 1, true, 50 * us, nil},
		{"no delay", 0, 51 * us, 1, true, 50 * us, []string{"0 µs one-way"}},
		{"no delay, dilated: the floor is of modelled time", 0, 112 * us, 5, false, 250 * us, nil},
		{"no delay, dilated, still over", 0, 251 * us, 5, true, 250 * us, nil},
		{"dilated delay above the floor", 5 * time.Millisecond, 501 * us, 10, true, 500 * us, nil},
		{"no dilation given", 0, 51 * us, 0, true, 50 * us, nil},
		{"long delay", 50 * time.Millisecond, 4 * time.Millisecond, 1, false, 5 * time.Millisecond, []string{"4000 µs", "50.0 ms"}},
		{"seconds late", 50 * time.Millisecond, 12 * time.Second, 1, true, 5 * time.Millisecond, []string{"12.0 s late"}},
		{"nothing ran", 750 * us, 0, 1, false, 75 * us, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := selfcheck.Judge(tt.oneWay, tt.p99, tt.k)
			if err != nil {
				t.Fatal(err)
			}
			if v.OverLimits != tt.over || v.Limit != tt.limit {
				t.Errorf("OverLimits %v, Limit %v; want %v, %v", v.OverLimits, v.Limit, tt.over, tt.limit)
			}
			for _, w := range tt.words {
				if !strings.Contains(v.Message, w) {
					t.Errorf("message %q does not say %q", v.Message, w)
				}
			}
		})
	}
}

func TestJudgeRejectsNegativeInput(t *testing.T) {
	for _, in := range [][2]time.Duration{{-1, 0}, {0, -1}} {
		if v, err := selfcheck.Judge(in[0], in[1], 1); err == nil {
			t.Errorf("Judge(%v, %v) = %+v, want an error", in[0], in[1], v)
		}
	}
}

func ExampleJudge() {
	v, err := selfcheck.Judge(750*time.Microsecond, 420*time.Microsecond, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(v.OverLimits)
	fmt.Println(v.Message)
	// Output:
	// true
	// link deliveries ran 420 µs late at p99 against a 750 µs one-way delay (limit 75 µs): these latencies measure this machine's limits, not the modelled system; lower the concurrency, or dilate time (time_dilation in the scenario file, --time-dilation on the command line)
}
