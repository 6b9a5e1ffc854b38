package report

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestRecorderStreams: rows reach invocations.csv in the order they arrive,
// each scenario gets its results file, a scenario that never ran gets a
// summary line and no results file, and the summaries come from the tallies.
func TestRecorderStreams(t *testing.T) {
	dir := t.TempDir()
	rec, err := NewRecorder(dir, []string{"a", "b", "never"})
	if err != nil {
		t.Fatal(err)
	}
	rec.Begin("a").Counts = ScenarioCounts{ConnectionsOpened: 1}
	rec.Add(Row{Seq: 1, RedisMs: 2, TotalMs: 3})
	rec.Add(Row{Seq: 0, RedisMs: 40, TotalMs: 41, Cold: true})
	rec.Begin("b")
	rec.Add(Row{Seq: 0, Error: "refused"})
	summaries, err := rec.Close()
	if err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(filepath.Join(dir, InvocationsCSVFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range records[1:] {
		got = append(got, r[0]+"/"+r[1])
	}
	if want := []string{"a/1", "a/0", "b/0"}; !slices.Equal(got, want) {
		t.Errorf("csv rows = %v, want %v (arrival order)", got, want)
	}
	for name, want := range map[string]bool{"a": true, "b": true, "never": false} {
		_, err := os.Stat(filepath.Join(dir, ResultsFileName(name)))
		if exists := err == nil; exists != want {
			t.Errorf("results file of %s exists = %v, want %v", name, exists, want)
		}
	}
	if len(summaries) != 3 {
		t.Fatalf("%d summaries, want 3", len(summaries))
	}
	a := summaries[0]
	if a.Invocations != 2 || a.ColdStarts != 1 || a.ConnectionsOpened != 1 || a.RedisMs.First != 40 || a.RedisMs.P50 != 2 {
		t.Errorf("summary of a = %+v, redis %+v", a, *a.RedisMs)
	}
	if b := summaries[1]; b.Errors != 1 || b.RedisMs != nil || !b.FirstFailed {
		t.Errorf("summary of b = %+v, want 1 error, no latency, first failed", b)
	}
	var file SummaryFile
	data, err := os.ReadFile(filepath.Join(dir, SummaryJSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &file); err != nil || len(file.Scenarios) != 3 || file.Scenarios[2].Name != "never" {
		t.Errorf("summary.json = %s (%v), want the three scenarios", data, err)
	}
}

func TestRecorderBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRecorder(filepath.Join(file, "out"), nil); err == nil {
		t.Error("NewRecorder under a file succeeded, want an error")
	}
}
