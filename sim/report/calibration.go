package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Names of the files a calibration writes.
const (
	CalibrationCSVFile      = "calibrate.csv"
	CalibrationMarkdownFile = "calibrate.md"
)

// Runtimes a calibration sets side by side, as the scenario file names them.
const (
	RuntimeGo   = "go"
	RuntimeNode = "node"
)

// Calibration is the outcome of simulate calibrate: each scenario of a file
// run with the in-process model (runtime go) and with real Node processes
// running a handler (runtime node), on one machine, one after the other.
type Calibration struct {
	Rows []CalibrationRow
}

// CalibrationRow is one scenario under both runtimes.
type CalibrationRow struct {
	Scenario string
	Go, Node Summary
	// NodeIgnores are the model's settings, as "path: value", that the go
	// run applied and the node run's handler does not read: where they
	// matter, the two runs did not run the same function.
	NodeIgnores []string
}

// calibrationStats are the figures a calibration compares, in the order of
// its columns.
var calibrationStats = []struct {
	name, csv string
	of        func(Summary) *float64
}{
	{"redis p50", "redis_p50_ms", func(s Summary) *float64 { return latencyStat(s.RedisMs, p50) }},
	{"redis p99", "redis_p99_ms", func(s Summary) *float64 { return latencyStat(s.RedisMs, p99) }},
	{"first call", "redis_first_ms", func(s Summary) *float64 { return latencyStat(s.RedisMs, first) }},
	{"first invocation", "total_first_ms", func(s Summary) *float64 { return latencyStat(s.TotalMs, first) }},
}

func latencyStat(l *Latency, s stat) *float64 {
	if l == nil {
		return nil
	}
	v := s(*l)
	return &v
}

// WriteCalibrationCSV writes one record per scenario and runtime: the
// scenario, the runtime, its invocations, errors and cold starts, then the
// Redis call's p50, p99 and first call and the first invocation's whole
// latency in ms with three decimals (empty when nothing was measured), and
// whether the run's self-check found this machine over its limits.
func WriteCalibrationCSV(w io.Writer, c Calibration) error {
	cw := csv.NewWriter(w)
	head := []string{"scenario", "runtime", "invocations", "errors", "cold_starts"}
	for _, st := range calibrationStats {
		head = append(head, st.csv)
	}
	if err := cw.Write(append(head, "over_limits")); err != nil {
		return fmt.Errorf("report: write calibration csv: %w", err)
	}
	for _, r := range c.Rows {
		for _, run := range []struct {
			runtime string
			s       Summary
		}{{RuntimeGo, r.Go}, {RuntimeNode, r.Node}} {
			rec := []string{r.Scenario, run.runtime, itoa(run.s.Invocations), itoa(run.s.Errors), itoa(run.s.ColdStarts)}
			for _, st := range calibrationStats {
				v := ""
				if x := st.of(run.s); x != nil {
					v = csvMs(*x)
				}
				rec = append(rec, v)
			}
			rec = append(rec, strconv.FormatBool(run.s.Emulation != nil && run.s.Emulation.OverLimits))
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("report: write calibration csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write calibration csv: %w", err)
	}
	return nil
}

// WriteCalibrationMarkdown writes the calibration as a Markdown table, each
// figure for go, for node and their ratio node/go, then what the reader
// must know to trust a line: failed invocations, runs this machine could
// not keep up with, and settings only the go run applied.
func WriteCalibrationMarkdown(w io.Writer, c Calibration) error {
	var b strings.Builder
	b.WriteString("Latencies in ms. go: the in-process model; node: real Node processes running the handler; " +
		"node/go: their ratio. first call: the first Redis call, as timed by the handler; " +
		"first invocation: the first invocation as the caller saw it, cold start included.\n\n")
	head := []string{"scenario"}
	for _, st := range calibrationStats {
		head = append(head, st.name+" go", st.name+" node", "node/go")
	}
	mdRow(&b, head...)
	mdRule(&b, 1, 3*len(calibrationStats))
	for _, r := range c.Rows {
		cells := []string{mdEscape(r.Scenario)}
		for _, st := range calibrationStats {
			g, n := st.of(r.Go), st.of(r.Node)
			cells = append(cells, msCell(g), msCell(n), ratio(n, g))
		}
		mdRow(&b, cells...)
	}
	var notes []string
	for _, r := range c.Rows {
		for _, run := range []struct {
			runtime string
			s       Summary
		}{{RuntimeGo, r.Go}, {RuntimeNode, r.Node}} {
			if run.s.Errors > 0 {
				notes = append(notes, fmt.Sprintf("%s, %s: %d of %d invocations failed; the figures are of the others.",
					r.Scenario, run.runtime, run.s.Errors, run.s.Invocations))
			}
			if e := run.s.Emulation; e != nil && e.OverLimits {
				notes = append(notes, fmt.Sprintf("%s, %s: %s", r.Scenario, run.runtime, e.Warning))
			}
		}
		if len(r.NodeIgnores) > 0 {
			notes = append(notes, fmt.Sprintf("%s: the go run applied %s, which the node handler does not read.",
				r.Scenario, strings.Join(r.NodeIgnores, ", ")))
		}
	}
	if len(notes) > 0 {
		b.WriteString("\n")
		for _, n := range notes {
			b.WriteString("- " + n + "\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("report: write calibration markdown: %w", err)
	}
	return nil
}

func msCell(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

// ratio is n/g with two decimals, or a dash when either is missing or g is
// not positive.
func ratio(n, g *float64) string {
	if n == nil || g == nil || *g <= 0 {
		return "–"
	}
	return strconv.FormatFloat(*n / *g, 'f', 2, 64)
}

// WriteCalibrationFiles creates dir if needed and writes calibrate.csv and
// calibrate.md there.
func WriteCalibrationFiles(dir string, c Calibration) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := writeFile(filepath.Join(dir, CalibrationCSVFile), func(w io.Writer) error { return WriteCalibrationCSV(w, c) }); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, CalibrationMarkdownFile), func(w io.Writer) error { return WriteCalibrationMarkdown(w, c) })
}
