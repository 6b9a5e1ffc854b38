package plots

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
)

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// ink counts the distinct colours of img and the share of its pixels that
// are not the white background, over a sample of its pixels.
func ink(img image.Image) (colours int, share float64) {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	var inked int
	// Every third pixel each way: enough to see a chart, a ninth of the
	// work under the race detector.
	var sampled int
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			sampled++
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if r < 0xF000 || g < 0xF000 || bl < 0xF000 {
				inked++
			}
		}
	}
	return len(seen), float64(inked) / float64(sampled)
}

func TestWriteAll(t *testing.T) {
	rows, spans := articleRun(1000)
	dir := t.TempDir()
	files, err := WriteAll(dir, report.Tallies(rows, nil, articleOrder), spans)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{LatencyByRequestFile, LatencyCDFFile, PhasesFile, TimelineFile}
	var got []string
	for _, f := range files {
		got = append(got, filepath.Base(f))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			img := decodePNG(t, f)
			if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
				t.Errorf("size %dx%d, want 1000x600", b.Dx(), b.Dy())
			}
			colours, share := ink(img)
			if colours < 20 {
				t.Errorf("%d distinct colours, want at least 20: blank or monochrome", colours)
			}
			if share < 0.02 {
				t.Errorf("%.3f of pixels inked, want at least 0.02", share)
			}
		})
	}
}

func TestPlanOmits(t *testing.T) {
	rows, spans := articleRun(20)
	tests := []struct {
		name  string
		rows  []report.Row
		spans []report.Span
		want  []string
	}{
		{"one container has no timeline", rows, spans[:1], []string{LatencyByRequestFile, LatencyCDFFile, PhasesFile}},
		{"no spans has no timeline", rows, nil, []string{LatencyByRequestFile, LatencyCDFFile, PhasesFile}},
		{"two spans of one container are one lane", rows, []report.Span{spans[0], spans[0]},
			[]string{LatencyByRequestFile, LatencyCDFFile, PhasesFile}},
		{"two containers have a timeline", rows, spans[:2],
			[]string{LatencyByRequestFile, LatencyCDFFile, PhasesFile, TimelineFile}},
		{"empty run has nothing", nil, nil, nil},
		{"only errors has no latency to plot", []report.Row{{Scenario: "x", Error: "refused"}}, spans,
			[]string{TimelineFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range plan(report.Tallies(tt.rows, nil, articleOrder), tt.spans) {
				got = append(got, p.file)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("charts = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWriteAllOneContainer renders a short run end to end; which charts a
// run gets is TestPlanOmits' business.
func TestWriteAllOneContainer(t *testing.T) {
	rows, spans := articleRun(20)
	files, err := WriteAll(t.TempDir(), report.Tallies(rows, nil, articleOrder), spans[:1])
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("wrote %v, want 3 charts", files)
	}
	for _, f := range files {
		if b := decodePNG(t, f).Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
			t.Errorf("%s: size %dx%d, want 1000x600", f, b.Dx(), b.Dy())
		}
	}
}

func TestWriteAllEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	files, err := WriteAll(dir, nil, nil)
	if err != nil || len(files) != 0 {
		t.Fatalf("WriteAll(empty) = %v, %v; want no files and no error", files, err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("output directory not created: %v", err)
	}
}

func TestWriteAllBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	rows, _ := articleRun(5)
	if _, err := WriteAll(filepath.Join(file, "out"), report.Tallies(rows, nil, articleOrder), nil); err == nil {
		t.Error("WriteAll under a file succeeded, want an error")
	}
}
