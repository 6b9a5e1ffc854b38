package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWriteAll(t *testing.T) {
	tests := []struct {
		name      string
		rows      []Row
		order     []string
		wantFiles []string
		wantCSV   int // data lines
		scenarios int
	}{
		{
			"empty run writes summaries and a header",
			nil, nil,
			[]string{"invocations.csv", "summary.json", "summary.md"}, 0, 0,
		},
		{
			"scenario that did not run has no results file",
			articleRows("a"), []string{"a", "b"},
			[]string{"invocations.csv", "results-a.json", "summary.json", "summary.md"}, 4, 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out", "nested")
			if err := WriteAll(dir, tt.rows, nil, tt.order); err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if !slices.Equal(names, tt.wantFiles) {
				t.Errorf("files = %v, want %v", names, tt.wantFiles)
			}
			csv, err := os.ReadFile(filepath.Join(dir, InvocationsCSVFile))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(string(csv), "\n") - 1; got != tt.wantCSV {
				t.Errorf("csv has %d data lines, want %d", got, tt.wantCSV)
			}
			raw, err := os.ReadFile(filepath.Join(dir, SummaryJSONFile))
			if err != nil {
				t.Fatal(err)
			}
			var doc SummaryFile
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Scenarios) != tt.scenarios {
				t.Errorf("summary.json has %d scenarios, want %d", len(doc.Scenarios), tt.scenarios)
			}
		})
	}
}

func TestWriteAllCSVOrder(t *testing.T) {
	dir := t.TempDir()
	rows := []Row{{Scenario: "b", Seq: 1}, {Scenario: "a", Seq: 1}, {Scenario: "b", Seq: 0}, {Scenario: "a", Seq: 0}}
	if err := WriteAll(dir, rows, nil, []string{"b", "a"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, InvocationsCSVFile))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n")[1:] {
		got = append(got, l[:3])
	}
	if want := []string{"b,0", "b,1", "a,0", "a,1"}; !slices.Equal(got, want) {
		t.Errorf("csv order = %v, want %v", got, want)
	}
}

func TestWriteAllBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteAll(filepath.Join(file, "out"), nil, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "report:") {
		t.Errorf("WriteAll under a file = %v, want a report error", err)
	}
}

func TestWriteSummaryJSONWriterError(t *testing.T) {
	if err := WriteSummaryJSON(failWriter{}, nil); err == nil {
		t.Error("want the writer's error")
	}
	if err := WriteInvocationsCSV(failWriter{}, nil); err == nil {
		t.Error("want the writer's error")
	}
	if err := WriteVegetaResults(failWriter{}, articleRows("a")); err == nil {
		t.Error("want the writer's error")
	}
	if err := WriteSummaryMarkdown(failWriter{}, nil); err == nil {
		t.Error("want the writer's error")
	}
	if err := FormatTable(failWriter{}, nil); err == nil {
		t.Error("want the writer's error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }
