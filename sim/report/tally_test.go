package report

import (
	"slices"
	"testing"
)

// TestTallyFirstIsTheFirstInvocation: "first" is the invocation with the
// lowest Seq whatever its outcome, so a failed cold call cannot hide behind
// the warm call after it, and rows may arrive in any order.
func TestTallyFirstIsTheFirstInvocation(t *testing.T) {
	tests := []struct {
		name       string
		rows       []Row
		wantFirst  float64
		wantFailed bool
	}{
		{"in order", []Row{{Seq: 0, RedisMs: 40, TotalMs: 41}, {Seq: 1, RedisMs: 2, TotalMs: 3}}, 40, false},
		{"out of order", []Row{{Seq: 1, RedisMs: 2, TotalMs: 3}, {Seq: 0, RedisMs: 40, TotalMs: 41}}, 40, false},
		{"first failed", []Row{{Seq: 0, RedisMs: 9, TotalMs: 10, Error: "reset"}, {Seq: 1, RedisMs: 2, TotalMs: 3}}, 9, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ta := &Tally{Name: "s"}
			for _, r := range tt.rows {
				ta.Add(r)
			}
			s := ta.Summary()
			if s.RedisMs.First != tt.wantFirst || s.FirstFailed != tt.wantFailed {
				t.Errorf("first = %v (failed %v), want %v (failed %v)", s.RedisMs.First, s.FirstFailed, tt.wantFirst, tt.wantFailed)
			}
		})
	}
}

func TestTallyInSeqOrder(t *testing.T) {
	ta := &Tally{Name: "s"}
	for _, r := range []Row{{Seq: 2, RedisMs: 3}, {Seq: 0, RedisMs: 1}, {Seq: 1, Error: "x"}, {Seq: 3, RedisMs: 4}} {
		ta.Add(r)
	}
	req, ms := ta.InSeqOrder()
	if !slices.Equal(req, []float64{1, 3, 4}) || !slices.Equal(ms, []float64{1, 3, 4}) {
		t.Errorf("InSeqOrder = %v, %v; want requests [1 3 4] with [1 3 4] ms", req, ms)
	}
}
