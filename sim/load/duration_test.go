package load

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestDurationBoundsEveryPattern: a plan's Duration ends every pattern, at
// whichever of it and the count comes first. No invocation is meant to
// leave once the duration is over (for closed loops, Intended is when it
// left): the run starts before the first invocation, so every one must fall
// within the duration of the first.
func TestDurationBoundsEveryPattern(t *testing.T) {
	const d = 400 * time.Millisecond
	tests := []struct {
		name string
		plan Plan
		// whole: the duration ends the run, which cannot end before it.
		whole bool
		// count is the exact number of results, or -1 if the duration
		// decides it.
		count int
	}{
		{"sequential", Plan{Pattern: Sequential, Duration: d}, true, -1},
		{"sequential count first", Plan{Pattern: Sequential, Count: 5, Duration: time.Hour}, false, 5},
		{"sequential duration first", Plan{Pattern: Sequential, Count: MaxInvocations, Duration: d}, true, -1},
		{"concurrent", Plan{Pattern: Concurrent, Concurrency: 3, Duration: d}, true, -1},
		{"concurrent count first", Plan{Pattern: Concurrent, Concurrency: 3, Count: 7, Duration: time.Hour}, false, 7},
		{"concurrent duration first", Plan{Pattern: Concurrent, Concurrency: 3, Count: MaxInvocations, Duration: d}, true, -1},
		{"bursts", Plan{Pattern: Bursts, Duration: d, Burst: Burst{Size: 2, Gap: 20 * time.Millisecond}}, false, -1},
		{"bursts count first", Plan{Pattern: Bursts, Duration: time.Hour, Burst: Burst{Size: 2, Gap: time.Millisecond, Count: 3}}, false, 6},
		{"bursts gap beyond the duration", Plan{Pattern: Bursts, Duration: d, Burst: Burst{Size: 2, Gap: time.Hour, Count: 3}}, false, 2},
		{"constant", Plan{Pattern: Constant, Rate: 50, Duration: d}, false, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := newFrontDoor(t, 5*time.Millisecond)
			start := time.Now()
			ch, err := Run(context.Background(), fd.url(), tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			rs := bySeq(collect(t, ch))
			took := time.Since(start)
			if tt.count >= 0 && len(rs) != tt.count {
				t.Fatalf("%d results, want %d", len(rs), tt.count)
			}
			if len(rs) == 0 {
				t.Fatal("no results")
			}
			if tt.count < 0 && tt.plan.Count > 0 && len(rs) >= tt.plan.Count {
				t.Fatalf("%d results: the count of %d ended the run, not the duration", len(rs), tt.plan.Count)
			}
			if tt.whole && took < d {
				t.Errorf("the run ended %v after it started, before its duration %v", took, d)
			}
			if took > time.Minute {
				t.Errorf("the run took %v: it waited out a count or gap beyond its duration", took)
			}
			first := rs[0].Intended
			for i, r := range rs {
				// A tick taken in time but sent too late is not sent, and
				// may leave its number unused (Result.Seq); numbers are
				// still unique, and only the last few may skip.
				if i > 0 && r.Seq <= rs[i-1].Seq || r.Seq < i || r.Seq > i+tt.plan.users() {
					t.Fatalf("result %d has seq %d after seq %d: seqs must be unique, and skip at most %d", i, r.Seq, rs[max(i-1, 0)].Seq, tt.plan.users())
				}
				v := r.Vegeta
				if v.Code != http.StatusOK || r.Canceled || r.Dropped {
					t.Errorf("seq %d: code %d, error %q, canceled %v, dropped %v", i, v.Code, v.Error, r.Canceled, r.Dropped)
				}
				if r.Intended.Before(first) {
					first = r.Intended
				}
			}
			for _, r := range rs {
				if left := r.Intended.Sub(first); left >= d && tt.plan.Duration == d {
					t.Errorf("seq %d left %v after the first, beyond the duration %v", r.Seq, left, d)
				}
			}
			if tt.plan.Pattern == Bursts && tt.count < 0 && rs[len(rs)-1].Phase < 1 {
				t.Errorf("one burst in %v with gaps of %v: the duration did not repeat them", d, tt.plan.Burst.Gap)
			}
		})
	}
}
