package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Names of the files WriteAll writes besides the per-scenario results.
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
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	summaries := Summarize(rows, counts, order)
	names, groups := Group(rows, order)
	var sorted []Row
	for _, name := range names {
		sorted = append(sorted, groups[name]...)
	}
	files := []outputFile{
		{SummaryJSONFile, func(w io.Writer) error { return WriteSummaryJSON(w, summaries) }},
		{SummaryMarkdownFile, func(w io.Writer) error { return WriteSummaryMarkdown(w, summaries) }},
		{InvocationsCSVFile, func(w io.Writer) error { return WriteInvocationsCSV(w, sorted) }},
	}
	for _, name := range names {
		if g := groups[name]; len(g) > 0 {
			files = append(files, outputFile{ResultsFileName(name), func(w io.Writer) error { return WriteVegetaResults(w, g) }})
		}
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}

type outputFile struct {
	name  string
	write func(io.Writer) error
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
