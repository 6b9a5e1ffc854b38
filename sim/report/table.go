package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// FormatTable writes summaries as aligned text for a terminal, latencies in
// milliseconds: names to the left, numbers to the right; then, for each
// runtime node scenario, how its processes were frozen and CPU-limited.
func FormatTable(w io.Writer, summaries []Summary) error {
	width := len("scenario")
	for _, s := range summaries {
		width = max(width, utf8.RuneCountInString(s.Name))
	}
	// Right alignment pads cells on the left, the name included; so the
	// name is padded by hand and the gap goes inside the number cells.
	tw := tabwriter.NewWriter(w, 0, 0, 0, ' ', tabwriter.AlignRight)
	line := func(name string, cells ...string) {
		pad := strings.Repeat(" ", width-utf8.RuneCountInString(name))
		fmt.Fprint(tw, name+pad+"\t  "+strings.Join(cells, "\t  ")+"\t\n")
	}
	line("scenario", "calls", "errors", "cold", "conns", "left open", "tls full", "tls resumed",
		"redis first", "p50", "mean", "p99", "max", "total p50", "total p99")
	for _, s := range summaries {
		cells := []string{itoa(s.Invocations), itoa(s.Errors), itoa(s.ColdStarts)}
		cells = append(cells, serverCells(s)...)
		cells = append(cells, msCells(s.RedisMs, first, p50, mean, p99, maximum)...)
		cells = append(cells, msCells(s.TotalMs, p50, p99)...)
		line(s.Name, cells...)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("report: write table: %w", err)
	}
	for _, s := range summaries {
		if s.Sandbox != nil {
			if _, err := fmt.Fprintln(w, s.Sandbox.note(s.Name)); err != nil {
				return fmt.Errorf("report: write table: %w", err)
			}
		}
	}
	return nil
}
