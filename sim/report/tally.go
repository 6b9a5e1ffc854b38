package report

import "slices"

// Phase indexes the parts of an invocation's time in the order they happen:
// the container starts, then the function initialises its TLS client (once
// per process), waits for a socket if its agent is at max_sockets,
// resolves, connects, shakes hands and sends its request.
type Phase int

// The phases a Tally sums.
const (
	PhaseInit Phase = iota
	PhaseClientInit
	PhaseSocketWait
	PhaseDNS
	PhaseConnect
	PhaseTLS
	PhaseRequest
	NumPhases
)

// Ms returns the row's time in phase p, in milliseconds.
func (r Row) Ms(p Phase) float64 {
	switch p {
	case PhaseInit:
		return r.InitMs
	case PhaseClientInit:
		return r.ClientInitMs
	case PhaseSocketWait:
		return r.SocketWaitMs
	case PhaseDNS:
		return r.DNSMs
	case PhaseConnect:
		return r.ConnectMs
	case PhaseTLS:
		return r.TLSMs
	case PhaseRequest:
		return r.TTFBMs
	}
	return 0
}

// Tally is what one scenario's summary and plots need of its rows, kept as
// a few numbers per invocation rather than the rows themselves, so that a
// run of any length can stream its rows to disk and still summarize them
// exactly. The zero Tally with a Name is empty and ready to use; it is not
// safe for concurrent use.
type Tally struct {
	Name        string
	Invocations int
	Errors      int
	ColdStarts  int

	// The successful invocations' latencies in arrival order. Seqs holds
	// each one's Seq, for charts drawn in request order.
	RedisMs        []float64
	TotalMs        []float64
	FromIntendedMs []float64
	Seqs           []int32
	// PhaseSums sums each Phase over the successful invocations.
	PhaseSums [NumPhases]float64

	// first is the invocation with the lowest Seq, whatever its outcome:
	// a failed cold call must not hide behind the warm call after it.
	first    firstCall
	hasFirst bool

	Counts    ScenarioCounts
	Emulation *Emulation
	Trace     *Trace
	Platform  *Platform
	Sandbox   *Sandbox
	// Failures holds the errors by kind, retries and stale reuses.
	Failures Failures
}

// Add counts one invocation.
func (t *Tally) Add(r Row) {
	t.Invocations++
	if r.Cold {
		t.ColdStarts++
	}
	t.Failures.add(r)
	if !t.hasFirst || r.Seq < t.first.seq {
		t.first = firstCall{seq: r.Seq, redisMs: r.RedisMs, totalMs: r.TotalMs, failed: r.Failed()}
		t.hasFirst = true
	}
	if r.Failed() {
		t.Errors++
		return
	}
	t.RedisMs = append(t.RedisMs, r.RedisMs)
	t.TotalMs = append(t.TotalMs, r.TotalMs)
	t.Seqs = append(t.Seqs, int32(min(r.Seq, 1<<31-1)))
	if ms, ok := r.FromIntendedMs(); ok {
		t.FromIntendedMs = append(t.FromIntendedMs, ms)
	}
	for p := range NumPhases {
		t.PhaseSums[p] += r.Ms(p)
	}
}

type firstCall struct {
	seq              int
	redisMs, totalMs float64
	failed           bool
}

// Successes counts the invocations that did not fail.
func (t *Tally) Successes() int { return len(t.TotalMs) }

// Summary computes the scenario's line of summary.json.
func (t *Tally) Summary() Summary {
	s := Summary{
		Name:                 t.Name,
		Invocations:          t.Invocations,
		Errors:               t.Errors,
		ColdStarts:           t.ColdStarts,
		ConnectionsOpened:    t.Counts.ConnectionsOpened,
		ConnectionsOpenAtEnd: t.Counts.ConnectionsOpenAtEnd,
		TLSFull:              t.Counts.TLSFull,
		TLSResumed:           t.Counts.TLSResumed,
		Dropped:              t.Counts.Dropped,
		RedisMs:              NewLatency(t.RedisMs),
		TotalMs:              NewLatency(t.TotalMs),
		TotalFromIntendedMs:  NewLatency(t.FromIntendedMs),
		Emulation:            t.Emulation,
		Trace:                t.Trace,
		Platform:             t.Platform,
		Sandbox:              t.Sandbox,
		ErrorsByKind:         t.Failures.ByKind,
		Retries:              t.Failures.Retries,
		StaleReuses:          t.Failures.StaleReuses,
		ClosesSeen:           t.Failures.ClosesSeen,
	}
	if t.Counts.ServerUnknown {
		s.ServerCounters = new(bool)
	}
	if s.ErrorsByKind == nil {
		s.ErrorsByKind = map[string]int{}
	}
	if t.hasFirst {
		s.FirstFailed = t.first.failed
		if s.RedisMs != nil {
			s.RedisMs.First = t.first.redisMs
		}
		if s.TotalMs != nil {
			s.TotalMs.First = t.first.totalMs
		}
	}
	return s
}

// Tallies counts rows per scenario: first those named in order (even with no
// rows, so an interrupted run shows what did not run), then any other
// scenario in order of first appearance, each fed in Seq order. Counts
// missing from counts are zero.
func Tallies(rows []Row, counts map[string]ScenarioCounts, order []string) []*Tally {
	names, groups := Group(rows, order)
	out := make([]*Tally, 0, len(names))
	for _, name := range names {
		t := &Tally{Name: name, Counts: counts[name]}
		for _, r := range groups[name] {
			t.Add(r)
		}
		out = append(out, t)
	}
	return out
}

// Summaries computes the summary of each tally, in order.
func Summaries(ts []*Tally) []Summary {
	out := make([]Summary, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.Summary())
	}
	return out
}

// InSeqOrder returns the successful Redis latencies sorted by Seq with their
// 1-based request numbers, as the article's chart draws them.
func (t *Tally) InSeqOrder() (requests, redisMs []float64) {
	idx := make([]int, len(t.Seqs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return int(t.Seqs[a]) - int(t.Seqs[b]) })
	requests = make([]float64, len(idx))
	redisMs = make([]float64, len(idx))
	for i, j := range idx {
		requests[i] = float64(t.Seqs[j]) + 1
		redisMs[i] = t.RedisMs[j]
	}
	return requests, redisMs
}
