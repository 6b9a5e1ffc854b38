package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestWriteSummaryMarkdown(t *testing.T) {
	summaries := []Summary{
		{
			Name: "keepalive-global", Invocations: 1000, ColdStarts: 1, ConnectionsOpened: 1, TLSFull: 1,
			RedisMs:   &Latency{First: 43.456, Mean: 2.2, P50: 2.1, P90: 2.5, P99: 3, Max: 43.456},
			TotalMs:   &Latency{First: 150, Mean: 4, P50: 3.9, P90: 4.1, P99: 5, Max: 150},
			Emulation: &Emulation{TimeDilation: 1, LatenessP99us: 12.4, CPUPerInvocationus: 310.2},
		},
		{Name: "a|b", Invocations: 2, Errors: 2},
	}
	var buf bytes.Buffer
	if err := WriteSummaryMarkdown(&buf, summaries); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	want := []string{
		"| scenario | invocations | errors | cold starts | connections | left open | TLS full | TLS resumed | redis first | redis p50 | redis mean | redis p99 | redis max | total p50 | total p99 | link late p99 (µs) | CPU per call (µs) |",
		"| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
		"| keepalive-global | 1000 | 0 | 1 | 1 | 0 | 1 | 0 | 43.46 | 2.10 | 2.20 | 3.00 | 43.46 | 3.90 | 5.00 | 12 | 310 |",
		`| a\|b | 2 | 2 | 0 | 0 | 0 | 0 | 0 | – | – | – | – | – | – | – | – | – |`,
	}
	if len(lines) < 6 || strings.Join(lines[2:6], "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant table:\n%s", buf.String(), strings.Join(want, "\n"))
	}
	if strings.Contains(buf.String(), "intended") {
		t.Errorf("closed-loop summaries got an intended-time table:\n%s", buf.String())
	}
	if strings.Contains(buf.String(), "Warning") {
		t.Errorf("a run within its limits got a warning:\n%s", buf.String())
	}
}

// TestWriteSummaryMarkdownNotes: a scenario whose timing the machine could
// not keep is flagged in its row and named in a warning under the table,
// with a time dilation, a trace's compression and dropped arrivals said in
// words too.
func TestWriteSummaryMarkdownNotes(t *testing.T) {
	summaries := []Summary{{
		Name: "c200", Invocations: 10, Dropped: 3,
		Emulation: &Emulation{TimeDilation: 10, LatenessP99us: 900, OverLimits: true, Warning: "link deliveries ran 900 µs late"},
		Trace:     &Trace{File: "day.csv", Function: "f", Minutes: 30, Invocations: 225, Spread: "poisson", TimeScale: 60},
	}}
	var buf bytes.Buffer
	if err := WriteSummaryMarkdown(&buf, summaries); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| 900 ⚠ |", "**Warning, c200:** link deliveries ran 900 µs late.", "time dilation of 10", "dropped 3 arrivals",
		"c200 replayed 30 minutes of day.csv (f: 225 invocations in the trace, spread poisson), compressed 60 times: a trace minute lasted 1s"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("summary.md lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestWriteSummaryMarkdownOpenLoop(t *testing.T) {
	summaries := []Summary{{
		Name: "poisson", Invocations: 1,
		RedisMs: &Latency{}, TotalMs: &Latency{},
		TotalFromIntendedMs: &Latency{P50: 1, P90: 2, P99: 3, Max: 4},
	}}
	var buf bytes.Buffer
	if err := WriteSummaryMarkdown(&buf, summaries); err != nil {
		t.Fatal(err)
	}
	if want := "| poisson | 1.00 | 2.00 | 3.00 | 4.00 |"; !strings.Contains(buf.String(), want) {
		t.Errorf("got:\n%s\nwant a line %q", buf.String(), want)
	}
}

func TestFormatTable(t *testing.T) {
	summaries := []Summary{
		{
			Name: "keepalive-global", Invocations: 1000, ColdStarts: 1, ConnectionsOpened: 1, TLSFull: 1,
			RedisMs: &Latency{First: 43.456, Mean: 2.2, P50: 2.1, P99: 3, Max: 43.456},
			TotalMs: &Latency{P50: 3.9, P99: 5},
		},
		{Name: "x", Invocations: 3, Errors: 3},
	}
	var buf bytes.Buffer
	if err := FormatTable(&buf, summaries); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(lines), buf.String())
	}
	for i, l := range lines {
		if got, want := len([]rune(l)), len([]rune(lines[0])); got != want {
			t.Errorf("line %d is %d wide, header %d: not aligned\n%s", i, got, want, buf.String())
		}
	}
	for i, prefix := range []string{"scenario ", "keepalive-global ", "x "} {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d = %q, want the name left-aligned", i, lines[i])
		}
	}
	if f := strings.Fields(lines[1]); strings.Join(f[len(f)-7:], " ") != "43.46 2.10 2.20 3.00 43.46 3.90 5.00" {
		t.Errorf("keepalive-global latencies = %v", f)
	}
	if f := strings.Fields(lines[2]); f[len(f)-1] != "–" {
		t.Errorf("unmeasured latencies should be dashes: %v", f)
	}
}
