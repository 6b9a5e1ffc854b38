package experiment

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one of Count deterministic shares of a file's runs (a run is a
// scenario, at a point of the sweep if there is one), for batch engines
// that run the shares on separate machines: run k belongs to shard
// k mod Count. Consecutive runs go to different shards, so the slow end of
// a sweep spreads over them all.
type Shard struct {
	Index, Count int
}

// All is the shard that holds every run.
var All = Shard{Index: 0, Count: 1}

// ParseShard reads "i/n", with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || cnt < 1 || idx < 0 || idx >= cnt {
		return Shard{}, fmt.Errorf("shard %q: want i/n with 0 <= i < n, e.g. 0/4", s)
	}
	return Shard{Index: idx, Count: cnt}, nil
}

// Has reports whether run k belongs to the shard.
func (s Shard) Has(k int) bool { return s.Count <= 1 || k%s.Count == s.Index }

// Runs counts the runs of total that belong to the shard.
func (s Shard) Runs(total int) int {
	if s.Count <= 1 {
		return total
	}
	n := total / s.Count
	if s.Index < total%s.Count {
		n++
	}
	return n
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// WithShard makes Sweep run only the shard's runs.
func WithShard(s Shard) Option { return func(c *config) { c.shard = s } }
