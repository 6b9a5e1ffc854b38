package plots

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

// A scenario's two runs are drawn, even when one of them has nothing to
// show; with no successful call anywhere, there is no PNG.
func TestWriteCalibration(t *testing.T) {
	dir := t.TempDir()
	lat := func(p50, p99, first float64) *report.Latency {
		return &report.Latency{P50: p50, P99: p99, First: first}
	}
	c := report.Calibration{Rows: []report.CalibrationRow{
		{Scenario: "warm", Go: report.Summary{RedisMs: lat(2, 3, 8)}, Node: report.Summary{RedisMs: lat(2.4, 3.5, 14)}},
		{Scenario: "fresh", Go: report.Summary{RedisMs: lat(7, 9, 8)}, Node: report.Summary{}},
	}}
	path := filepath.Join(dir, CalibrationFile)
	if err := WriteCalibration(path, c); err != nil {
		t.Fatal(err)
	}
	if r := decodePNG(t, path).Bounds(); r.Dx() != 1000 || r.Dy() != 600 {
		t.Errorf("PNG is %dx%d, want 1000x600", r.Dx(), r.Dy())
	}

	none := report.Calibration{Rows: []report.CalibrationRow{{Scenario: "broken"}}}
	if err := WriteCalibration(filepath.Join(dir, "none.png"), none); !errors.Is(err, ErrNothingCalibrated) {
		t.Errorf("nothing measured: %v, want ErrNothingCalibrated", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.png")); err == nil {
		t.Error("wrote a PNG with nothing to draw")
	}
}
