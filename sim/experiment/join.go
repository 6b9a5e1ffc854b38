package experiment

import (
	"strconv"
	"sync"

	"github.com/coldwire/coldwire/sim/lifecycle"
)

// records holds the platform's invocation records until the load's result
// for the same invocation arrives: at most the invocations in flight.
type records struct {
	mu      sync.Mutex
	pending map[int64]lifecycle.Invocation
}

func newRecords() *records { return &records{pending: map[int64]lifecycle.Invocation{}} }

func (r *records) put(inv lifecycle.Invocation) {
	r.mu.Lock()
	r.pending[inv.Seq] = inv
	r.mu.Unlock()
}

// take returns and forgets the record the front door named in its answer's
// X-Coldwire-Seq header.
func (r *records) take(seqHeader string) (lifecycle.Invocation, bool) {
	seq, err := strconv.ParseInt(seqHeader, 10, 64)
	if err != nil {
		return lifecycle.Invocation{}, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	inv, ok := r.pending[seq]
	delete(r.pending, seq)
	return inv, ok
}
