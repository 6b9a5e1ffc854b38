package experiment

import (
	"fmt"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"0/1", Shard{0, 1}, true},
		{"3/4", Shard{3, 4}, true},
		{"4/4", Shard{}, false},
		{"-1/4", Shard{}, false},
		{"1/0", Shard{}, false},
		{"1", Shard{}, false},
		{"a/b", Shard{}, false},
	} {
		got, err := ParseShard(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// Every run belongs to exactly one shard, and Runs counts them.
func TestShardsPartitionTheRuns(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7} {
		for total := range 12 {
			seen := make([]int, total)
			for i := range n {
				s := Shard{i, n}
				got := 0
				for k := range total {
					if s.Has(k) {
						seen[k]++
						got++
					}
				}
				if got != s.Runs(total) {
					t.Errorf("shard %v of %d runs holds %d, Runs says %d", s, total, got, s.Runs(total))
				}
			}
			for k, c := range seen {
				if c != 1 {
					t.Errorf("%d shards, %d runs: run %d in %d shards", n, total, k, c)
				}
			}
		}
	}
}

func ExampleShard_Has() {
	s, _ := ParseShard("1/3")
	for k := range 7 {
		if s.Has(k) {
			fmt.Print(k, " ")
		}
	}
	fmt.Println("of", s.Runs(7))
	// Output: 1 4 of 2
}
