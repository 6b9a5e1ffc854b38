package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C stops the load, writes what was collected and exits 130.
func TestInterruptWritesPartialResults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := binary(t)
	file := writeFile(t, "long.yaml", `
defaults:
  network: {rtt: 1ms}
  load: {pattern: sequential, count: 1000000}
scenarios:
  - name: long
    function: {agent: {keep_alive: true}}
  - name: never-started
`)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-f", file, "-o", dir, "--quiet")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 30 s after SIGINT\nstderr:\n%s", stderr.String())
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("exit: %v, want code %d\nstderr:\n%s", err, exitInterrupted, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr does not say it was interrupted: %q", stderr.String())
	}

	s := readSummary(t, dir)
	if len(s.Scenarios) == 0 || s.Scenarios[0].Name != "long" || s.Scenarios[0].Invocations == 0 || s.Scenarios[0].Invocations >= 1000000 {
		t.Fatalf("summary after interrupt: %+v", s)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "invocations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(string(csv), "\n") - 1; rows != s.Scenarios[0].Invocations {
		t.Errorf("invocations.csv has %d rows, summary.json counts %d", rows, s.Scenarios[0].Invocations)
	}
	if _, err := os.Stat(filepath.Join(dir, "results-long.json")); err != nil {
		t.Error(err)
	}
}
