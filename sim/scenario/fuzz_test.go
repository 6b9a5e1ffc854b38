package scenario_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/scenario"
)

// FuzzParse checks that no file makes Parse panic, and that it returns
// either a file every scenario of which the run accepts, or errors that
// each name the file and a line in it.
func FuzzParse(f *testing.F) {
	shipped, err := filepath.Glob("../../examples/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range append(shipped, "../../scenarios.yaml") {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, r := range rejects {
		f.Add([]byte(r.yaml))
	}
	const name = "fuzz.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := scenario.Parse(name, data)
		switch {
		case err == nil && file == nil:
			t.Fatal("Parse returned neither a file nor an error")
		case err != nil && file != nil:
			t.Fatalf("Parse returned a file and an error: %v", err)
		case err == nil:
			if file.Path != name || len(file.Scenarios) == 0 {
				t.Fatalf("Parse accepted a file with path %q and %d scenarios", file.Path, len(file.Scenarios))
			}
			for _, s := range file.Scenarios {
				if err := experiment.Check(s); err != nil {
					t.Errorf("Parse accepted a scenario the run refuses: %v", err)
				}
			}
			for _, p := range file.Points {
				if len(p.Scenarios) != len(file.Scenarios) {
					t.Fatalf("sweep point %v has %d scenarios, the file %d", p.Values, len(p.Scenarios), len(file.Scenarios))
				}
				for _, s := range p.Scenarios {
					if err := experiment.Check(s); err != nil {
						t.Errorf("Parse accepted a sweep point the run refuses: %v", err)
					}
				}
			}
			return
		}
		var es scenario.Errors
		if !errors.As(err, &es) || len(es) == 0 || !errors.Is(err, scenario.ErrInvalid) {
			t.Fatalf("error %T %q is not a non-empty scenario.Errors matching ErrInvalid", err, err)
		}
		last := lastLine(data)
		for _, e := range es {
			// Only a file with nothing in it has no line to point at.
			noPlace := e.Line == 0 && strings.HasPrefix(e.Msg, "is empty") && len(es) == 1
			if e.File != name || (e.Line < 1 || e.Line > last) && !noPlace {
				t.Errorf("error %q: file %q, line %d; want %q and a line from 1 to %d", e, e.File, e.Line, name, last)
			}
		}
	})
}

// lastLine is the number of lines in data, counting line breaks as YAML
// does, or for a file that is not UTF-8 a bound on it.
func lastLine(data []byte) int {
	if !utf8.Valid(data) {
		return len(data) + 1
	}
	n := 1 + bytes.Count(data, []byte("\r")) + bytes.Count(data, []byte("\n")) - bytes.Count(data, []byte("\r\n"))
	for _, br := range []string{"\u0085", "\u2028", "\u2029"} {
		n += bytes.Count(data, []byte(br))
	}
	return n
}
