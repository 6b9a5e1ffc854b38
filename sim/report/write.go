package report

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Names of the files a Recorder writes besides the per-scenario results.
const (
	SummaryJSONFile     = "summary.json"
	SummaryMarkdownFile = "summary.md"
	InvocationsCSVFile  = "invocations.csv"
)

// WriteAll creates dir if needed and writes summary.json, summary.md,
// invocations.csv (rows grouped by scenario in order, each by Seq) and one
// results file per scenario that has rows. order is the scenarios' order in
// the scenario file; see Summarize.
func WriteAll(dir string, rows []Row, counts map[string]ScenarioCounts, order []string) error {
	rec, err := NewRecorder(dir, order)
	if err != nil {
		return err
	}
	names, groups := Group(rows, order)
	for _, name := range names {
		t := rec.Begin(name)
		for _, r := range groups[name] {
			rec.Add(r)
		}
		t.Counts = counts[name]
	}
	_, err = rec.Close()
	return err
}

// Recorder writes a run's rows to invocations.csv and to each scenario's
// results file as they arrive, and keeps a Tally per scenario, so a run holds
// a few numbers per invocation instead of its rows. Scenarios run one after
// another: Begin starts one, Add records its rows in any order, and Close
// ends the last and writes the summaries. A Recorder is not safe for
// concurrent use. The first write error is kept, stops further writes and is
// returned by Close.
type Recorder struct {
	dir     string
	csvFile *os.File
	csvBuf  *bufio.Writer
	csv     *csv.Writer

	tallies []*Tally
	byName  map[string]*Tally
	cur     *Tally
	results *os.File
	resBuf  *bufio.Writer
	enc     vegeta.Encoder

	err error
}

// NewRecorder creates dir if needed and starts invocations.csv there. order
// names the scenarios expected, so that those that never run still get a
// line in the summaries.
func NewRecorder(dir string, order []string) (*Recorder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, InvocationsCSVFile))
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r := &Recorder{dir: dir, csvFile: f, csvBuf: bufio.NewWriter(f), byName: map[string]*Tally{}}
	r.csv = csv.NewWriter(r.csvBuf)
	if err := r.csv.Write(CSVHeader); err != nil {
		f.Close()
		return nil, fmt.Errorf("report: write csv: %w", err)
	}
	for _, name := range order {
		r.tally(name)
	}
	return r, nil
}

func (r *Recorder) tally(name string) *Tally {
	t, ok := r.byName[name]
	if !ok {
		t = &Tally{Name: name}
		r.byName[name] = t
		r.tallies = append(r.tallies, t)
	}
	return t
}

// Begin ends the current scenario, if any, and starts name's: its results
// file is created now. The returned Tally is the scenario's; its Counts and
// Emulation are the caller's to fill.
func (r *Recorder) Begin(name string) *Tally {
	r.endScenario()
	r.cur = r.tally(name)
	if r.err != nil {
		return r.cur
	}
	f, err := os.Create(filepath.Join(r.dir, ResultsFileName(name)))
	if err != nil {
		r.err = fmt.Errorf("report: %w", err)
		return r.cur
	}
	r.results, r.resBuf = f, bufio.NewWriter(f)
	r.enc = vegeta.NewJSONEncoder(r.resBuf)
	return r.cur
}

// Add records one row of the current scenario; row.Scenario is set to it.
func (r *Recorder) Add(row Row) {
	if r.cur == nil {
		r.Begin(row.Scenario)
	}
	row.Scenario = r.cur.Name
	r.cur.Add(row)
	if r.err != nil {
		return
	}
	if err := r.csv.Write(csvRecord(row)); err != nil {
		r.err = fmt.Errorf("report: write csv: %w", err)
		return
	}
	res := row.VegetaResult()
	if err := r.enc.Encode(&res); err != nil {
		r.err = fmt.Errorf("report: write vegeta results: %w", err)
	}
}

// endScenario closes the current results file; a scenario with no rows
// leaves none behind.
func (r *Recorder) endScenario() {
	if r.results == nil {
		return
	}
	f, path := r.results, r.results.Name()
	err := r.resBuf.Flush()
	err = errors.Join(err, f.Close())
	if r.cur.Invocations == 0 {
		err = errors.Join(err, os.Remove(path))
	}
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("report: %s: %w", path, err)
	}
	r.results, r.resBuf, r.enc = nil, nil, nil
}

// Tallies returns every scenario's tally: those named to NewRecorder in
// order, then the others in the order they began.
func (r *Recorder) Tallies() []*Tally { return r.tallies }

// Close ends the current scenario, finishes invocations.csv and writes
// summary.json and summary.md. It returns the summaries it wrote.
func (r *Recorder) Close() ([]Summary, error) {
	r.endScenario()
	r.cur = nil
	r.csv.Flush()
	err := errors.Join(r.err, r.csv.Error(), r.csvBuf.Flush(), r.csvFile.Close())
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", InvocationsCSVFile, err)
	}
	summaries := Summaries(r.tallies)
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{SummaryJSONFile, func(w io.Writer) error { return WriteSummaryJSON(w, summaries) }},
		{SummaryMarkdownFile, func(w io.Writer) error { return WriteSummaryMarkdown(w, summaries) }},
	} {
		if err := writeFile(filepath.Join(r.dir, f.name), f.write); err != nil {
			return summaries, err
		}
	}
	return summaries, nil
}

func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("report: %w", cerr))
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	return nil
}
