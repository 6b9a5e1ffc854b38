package report

import (
	"sync"
	"time"
)

// profileBins bounds a profile's bins: a container's profile costs the same
// memory whether it serves ten invocations or a million.
const profileBins = 128

// firstBin is a new profile's bin width; it doubles, merging bins in pairs,
// each time the container outlives profileBins of them.
const firstBin = time.Millisecond

// Profile is a container's invocations in flight over its life: the mean
// count over each of at most profileBins equal bins from Origin, the last
// one possibly cut short by the container's end.
type Profile struct {
	Origin time.Time
	Bin    time.Duration
	Mean   []float64
	// Peak is the most invocations that were in flight at once.
	Peak int
}

// InFlight follows the invocations in flight in each of a platform's
// containers, as they begin and end, into a Profile per container. It is
// safe for concurrent use; a container's own changes must come in the order
// of their times.
type InFlight struct {
	mu    sync.Mutex
	byID  map[int]*profiler
	ended bool
}

// NewInFlight starts with no container.
func NewInFlight() *InFlight { return &InFlight{byID: map[int]*profiler{}} }

// Started begins container id's profile at its creation t.
func (f *InFlight) Started(id int, t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.ended {
		f.byID[id] = &profiler{p: Profile{Origin: t, Bin: firstBin}, last: t}
	}
}

// Invoked counts an invocation that began in container id at t.
func (f *InFlight) Invoked(id int, t time.Time) { f.change(id, t, +1) }

// Returned counts an invocation that ended in container id at t.
func (f *InFlight) Returned(id int, t time.Time) { f.change(id, t, -1) }

// Stopped ends container id's profile at its reclaim t.
func (f *InFlight) Stopped(id int, t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if p := f.byID[id]; p != nil && !f.ended {
		p.stop(t)
	}
}

func (f *InFlight) change(id int, t time.Time, delta int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.byID[id]
	if p == nil || p.stopped || f.ended {
		return
	}
	p.advance(t)
	p.n += delta
	p.p.Peak = max(p.p.Peak, p.n)
}

// End closes every profile still open at t, ignores later changes and
// returns the profiles by container.
func (f *InFlight) End(t time.Time) map[int]Profile {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ended = true
	out := make(map[int]Profile, len(f.byID))
	for id, p := range f.byID {
		if !p.stopped {
			p.stop(t)
		}
		out[id] = p.p
	}
	return out
}

// profiler builds one container's profile: while open, Mean holds the
// in-flight seconds summed in each bin, turned into means when it stops.
type profiler struct {
	p       Profile
	n       int
	last    time.Time
	stopped bool
}

// advance adds the n invocations in flight since last up to t to the bins
// they cover, widening the bins first if t is past the last one.
func (p *profiler) advance(t time.Time) {
	if !t.After(p.last) {
		return
	}
	for t.Sub(p.p.Origin) >= p.p.Bin*profileBins {
		p.widen()
	}
	from, to := p.last.Sub(p.p.Origin), t.Sub(p.p.Origin)
	p.last = t
	for need := int(to / p.p.Bin); len(p.p.Mean) <= need; {
		p.p.Mean = append(p.p.Mean, 0)
	}
	if p.n == 0 {
		return
	}
	for i := int(from / p.p.Bin); i <= int(to/p.p.Bin); i++ {
		lo, hi := max(from, time.Duration(i)*p.p.Bin), min(to, time.Duration(i+1)*p.p.Bin)
		p.p.Mean[i] += float64(p.n) * (hi - lo).Seconds()
	}
}

// widen doubles the bin width, merging the bins in pairs.
func (p *profiler) widen() {
	m := p.p.Mean
	for i := range (len(m) + 1) / 2 {
		sum := m[2*i]
		if 2*i+1 < len(m) {
			sum += m[2*i+1]
		}
		m[i] = sum
	}
	p.p.Mean = m[:(len(m)+1)/2]
	p.p.Bin *= 2
}

// stop closes the profile at t and turns its sums into means, the last
// bin's over the part of it the container lived.
func (p *profiler) stop(t time.Time) {
	p.advance(t)
	p.stopped = true
	life := p.last.Sub(p.p.Origin)
	// A life that ends on a bin's edge opened a bin it never lived in.
	if n := len(p.p.Mean); n > 0 && time.Duration(n-1)*p.p.Bin >= life {
		p.p.Mean = p.p.Mean[:n-1]
	}
	for i := range p.p.Mean {
		p.p.Mean[i] /= min(p.p.Bin, life-time.Duration(i)*p.p.Bin).Seconds()
	}
}
