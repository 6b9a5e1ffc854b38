package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// WriteSummaryMarkdown writes summaries as a Markdown table, latencies in
// milliseconds with two decimals, and a second table of the latency from
// the intended send time when an open-loop scenario has one.
func WriteSummaryMarkdown(w io.Writer, summaries []Summary) error {
	var b strings.Builder
	b.WriteString("Latencies in ms. redis: one database call as timed by the function's handler; " +
		"total: the invocation as seen by the caller.\n\n")
	mdRow(&b, "scenario", "invocations", "errors", "cold starts", "connections", "left open", "TLS full", "TLS resumed",
		"redis first", "redis p50", "redis mean", "redis p99", "redis max", "total p50", "total p99", "link late p99 (µs)", "CPU per call (µs)")
	mdRule(&b, 1, 16)
	for _, s := range summaries {
		cells := []string{mdEscape(s.Name), itoa(s.Invocations), itoa(s.Errors), itoa(s.ColdStarts)}
		cells = append(cells, serverCells(s)...)
		cells = append(cells, msCells(s.RedisMs, first, p50, mean, p99, maximum)...)
		cells = append(cells, msCells(s.TotalMs, p50, p99)...)
		cells = append(cells, emulationCells(s.Emulation)...)
		mdRow(&b, cells...)
	}
	writeNotes(&b, summaries)
	writePlatformMarkdown(&b, summaries)
	writeFailures(&b, summaries)
	if open := slices.DeleteFunc(slices.Clone(summaries), func(s Summary) bool {
		return s.TotalFromIntendedMs == nil
	}); len(open) > 0 {
		b.WriteString("\nOpen-loop scenarios, total latency from the intended send time (includes queueing):\n\n")
		mdRow(&b, "scenario", "p50", "p90", "p99", "max")
		mdRule(&b, 1, 4)
		for _, s := range open {
			mdRow(&b, append([]string{mdEscape(s.Name)}, msCells(s.TotalFromIntendedMs, p50, p90, p99, maximum)...)...)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("report: write summary markdown: %w", err)
	}
	return nil
}

// emulationCells are the self-check's lateness p99, flagged when over the
// limit, and the CPU per invocation.
func emulationCells(e *Emulation) []string {
	if e == nil {
		return []string{"–", "–"}
	}
	cpu := "–"
	if e.CPUPerInvocationus > 0 {
		cpu = strconv.FormatFloat(e.CPUPerInvocationus, 'f', 0, 64)
	}
	if e.RealNetwork {
		return []string{"– (real network)", cpu}
	}
	late := strconv.FormatFloat(e.LatenessP99us, 'f', 0, 64)
	if e.OverLimits {
		late += " ⚠"
	}
	return []string{late, cpu}
}

// writeNotes says, under the table, what a reader must know to trust it:
// scenarios whose timing this machine could not keep, a time dilation, a
// trace's compression, and arrivals dropped at the in-flight bound.
func writeNotes(b *strings.Builder, summaries []Summary) {
	var notes []string
	for _, s := range summaries {
		if e := s.Emulation; e != nil && e.OverLimits {
			notes = append(notes, fmt.Sprintf("**Warning, %s:** %s.", mdEscape(s.Name), e.Warning))
		}
		if e := s.Emulation; e != nil && e.TimeDilation > 1 {
			notes = append(notes, fmt.Sprintf("%s ran under a time dilation of %g: every modelled duration ran %g times longer "+
				"and every measured one is reported divided by %g, so this machine's CPU appears %g times faster.",
				mdEscape(s.Name), e.TimeDilation, e.TimeDilation, e.TimeDilation, e.TimeDilation))
		}
		if s.Trace != nil {
			notes = append(notes, mdEscape(s.Trace.note(s.Name)))
		}
		if s.Sandbox != nil {
			notes = append(notes, mdEscape(s.Sandbox.note(s.Name)))
		}
		if s.Dropped > 0 {
			notes = append(notes, fmt.Sprintf("%s dropped %d arrivals at its in-flight bound (load.max_in_flight): they were never sent.",
				mdEscape(s.Name), s.Dropped))
		}
	}
	if len(notes) > 0 {
		b.WriteString("\n" + strings.Join(notes, "\n\n") + "\n")
	}
}

func mdRow(b *strings.Builder, cells ...string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// mdRule writes the header separator: left-aligned text columns, then
// right-aligned number columns.
func mdRule(b *strings.Builder, text, numbers int) {
	cells := make([]string, 0, text+numbers)
	for range text {
		cells = append(cells, ":---")
	}
	for range numbers {
		cells = append(cells, "---:")
	}
	mdRow(b, cells...)
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

type stat func(Latency) float64

var (
	first   stat = func(l Latency) float64 { return l.First }
	mean    stat = func(l Latency) float64 { return l.Mean }
	p50     stat = func(l Latency) float64 { return l.P50 }
	p90     stat = func(l Latency) float64 { return l.P90 }
	p99     stat = func(l Latency) float64 { return l.P99 }
	maximum stat = func(l Latency) float64 { return l.Max }
)

// msCells formats the chosen statistics of l with two decimals, or dashes
// when l was never measured: no latency is not a latency of zero.
func msCells(l *Latency, stats ...stat) []string {
	out := make([]string, len(stats))
	for i, s := range stats {
		if l == nil {
			out[i] = "–"
			continue
		}
		out[i] = strconv.FormatFloat(s(*l), 'f', 2, 64)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func i64(n int64) string { return strconv.FormatInt(n, 10) }
