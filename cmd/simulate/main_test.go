package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	code := m.Run()
	os.RemoveAll(binDir)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			os.Stderr.WriteString("goroutines left after the tests: " + err.Error() + "\n")
			code = 1
		}
	}
	os.Exit(code)
}

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// binary returns the path of a simulate built once for the tests that need
// a process of their own (signals, outside clients); SIMULATE_BIN names one
// built already.
func binary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SIMULATE_BIN"); p != "" {
		return p
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "coldwire-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "simulate")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			t.Logf("go build:\n%s", out)
		}
	})
	if binErr != nil {
		t.Fatalf("building simulate: %v", binErr)
	}
	return binPath
}
