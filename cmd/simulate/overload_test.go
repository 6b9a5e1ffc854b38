package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestOverloadedLinkIsFlagged overloads the link on purpose (64 callers on a
// 100 µs one-way delay while every core also burns in a loop): the run must
// not pass its figures off as the modelled system's. It warns on stderr and
// in summary.md, flags the scenario in summary.json, and --strict turns the
// warning into exit code 1.
func TestOverloadedLinkIsFlagged(t *testing.T) {
	if testing.Short() {
		t.Skip("burns every core for the length of a run")
	}
	ctx, stop := context.WithCancel(context.Background())
	var burners sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		burners.Go(func() {
			for ctx.Err() == nil {
			}
		})
	}
	dir := t.TempDir()
	code, _, stderr := runCmd("-f", writeFile(t, "over.yaml", `
scenarios:
  - name: c64
    network: {rtt: 200us}
    function: {agent: {keep_alive: true}}
    load: {pattern: concurrent, concurrency: 64, count: 600}
`), "-o", dir, "--quiet", "--strict")
	stop()
	burners.Wait()

	if code != exitFailed {
		t.Errorf("--strict exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr, "simulate: warning: c64: link deliveries ran") || !strings.Contains(stderr, "--strict") {
		t.Errorf("stderr lacks the warning and the --strict verdict:\n%s", stderr)
	}
	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil || !strings.Contains(string(md), "**Warning, c64:**") {
		t.Errorf("summary.md has no warning (%v):\n%s", err, md)
	}
	var doc struct {
		Scenarios []struct {
			Emulation struct {
				OverLimits    bool    `json:"over_limits"`
				LatenessP99us float64 `json:"lateness_p99_us"`
			} `json:"emulation"`
		} `json:"scenarios"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil || json.Unmarshal(data, &doc) != nil || len(doc.Scenarios) != 1 {
		t.Fatalf("summary.json: %v\n%s", err, data)
	}
	if e := doc.Scenarios[0].Emulation; !e.OverLimits || e.LatenessP99us <= 50 {
		t.Errorf("emulation %+v, want over_limits with a lateness p99 above the 50 µs limit", e)
	}
}
