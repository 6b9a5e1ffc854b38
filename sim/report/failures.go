package report

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Failures is what a scenario's invocations met when keep-alive bit: the
// kinds of their errors, their retries and their stale reuses, with the
// invocations the charts mark. The zero value is empty and ready to use.
type Failures struct {
	// ByKind counts the failed invocations by error kind (reset, timeout,
	// refused, tls, http, other).
	ByKind map[string]int
	// Retries counts the requests that were retries; StaleReuses those
	// that reused a dead socket; ClosesSeen the idle sockets seen closed
	// by their peer before they could be reused.
	Retries     int
	StaleReuses int
	ClosesSeen  int
	// Failed are the failed invocations and Retried the successful ones
	// that needed a retry, for latency-by-request; Resets the invocations
	// that met a reset, for the timeline.
	Failed  []Mark
	Retried []Mark
	Resets  []Mark
}

// Mark is one invocation a chart points at: its request index (Seq), its
// Redis time so far, its container and when it started.
type Mark struct {
	Seq       int
	RedisMs   float64
	Container int
	At        time.Time
}

// add counts r's failures.
func (f *Failures) add(r Row) {
	f.Retries += max(r.Attempts-1, 0)
	f.StaleReuses += r.StaleReuses
	f.ClosesSeen += r.ClosesSeen
	m := Mark{Seq: r.Seq, RedisMs: r.RedisMs, Container: r.Container, At: r.Start}
	if r.ErrorKind == "reset" || r.StaleReuses > 0 {
		f.Resets = append(f.Resets, m)
	}
	if !r.Failed() {
		if r.Attempts > 1 {
			f.Retried = append(f.Retried, m)
		}
		return
	}
	if f.ByKind == nil {
		f.ByKind = map[string]int{}
	}
	f.ByKind[cmp.Or(r.ErrorKind, "other")]++
	f.Failed = append(f.Failed, m)
}

// Any reports whether there is anything to show.
func (f *Failures) Any() bool {
	return len(f.ByKind) > 0 || f.Retries > 0 || f.StaleReuses > 0 || f.ClosesSeen > 0
}

// byKindText renders ByKind as "reset 3, timeout 1", kinds sorted.
func byKindText(m map[string]int) string {
	if len(m) == 0 {
		return "–"
	}
	var parts []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		parts = append(parts, k+" "+itoa(m[k]))
	}
	return strings.Join(parts, ", ")
}

// writeFailures adds a table of what failed and what was retried, when any
// scenario has something to show.
func writeFailures(b *strings.Builder, summaries []Summary) {
	if !slices.ContainsFunc(summaries, func(s Summary) bool {
		return len(s.ErrorsByKind) > 0 || s.Retries > 0 || s.StaleReuses > 0 || s.ClosesSeen > 0
	}) {
		return
	}
	b.WriteString("\nWhen keep-alive bites: failed invocations by error kind, requests retried, requests that reused a dead socket, and idle sockets seen closed by the peer before a reuse:\n\n")
	mdRow(b, "scenario", "errors by kind", "retries", "stale reuses", "closes seen")
	mdRule(b, 1, 4)
	for _, s := range summaries {
		mdRow(b, mdEscape(s.Name), byKindText(s.ErrorsByKind), itoa(s.Retries), itoa(s.StaleReuses), itoa(s.ClosesSeen))
	}
}
