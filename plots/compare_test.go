package plots

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

func rowsOf(scenario string, ms ...float64) []report.Row {
	var rows []report.Row
	for i, v := range ms {
		rows = append(rows, report.Row{Scenario: scenario, Seq: i + 1, RedisMs: v})
	}
	return rows
}

// Only the scenarios both runs hold are drawn; with none, there is no PNG.
func TestWriteCompare(t *testing.T) {
	dir := t.TempDir()
	a := Run{Name: "emulated", Rows: append(rowsOf("warm", 5, 5.2, 5.1), rowsOf("only-a", 9)...)}
	b := Run{Name: "measured", Rows: rowsOf("warm", 5.3, 5.4, 5.6)}
	path := filepath.Join(dir, "compare.png")
	if err := WriteCompare(path, a, b); err != nil {
		t.Fatal(err)
	}
	if r := decodePNG(t, path).Bounds(); r.Dx() != 1000 || r.Dy() != 600 {
		t.Errorf("PNG is %dx%d, want 1000x600", r.Dx(), r.Dy())
	}

	err := WriteCompare(filepath.Join(dir, "none.png"), a, Run{Name: "other", Rows: rowsOf("cold", 1)})
	if !errors.Is(err, ErrNothingToCompare) {
		t.Errorf("no shared scenario: %v, want ErrNothingToCompare", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.png")); err == nil {
		t.Error("wrote a PNG with nothing to compare")
	}
}
