//go:build linux

package experiment

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

// TestSoak checks that a long run's cost stays flat: peak memory under
// 300 MB, no more goroutines or file descriptors at the end of the load than
// in its middle, and the throughput of its last tenth within 10% of its
// first. It runs only when COLDWIRE_SOAK names a number of invocations:
//
//	COLDWIRE_SOAK=200000 go test -run TestSoak -v -timeout 30m ./sim/experiment
func TestSoak(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("COLDWIRE_SOAK"))
	if n <= 0 {
		t.Skip("set COLDWIRE_SOAK=<invocations> to run the soak test")
	}
	s := parse(t, `
scenarios:
  - name: soak
    function: {agent: {keep_alive: true}}
    load: {pattern: concurrent, concurrency: 8, count: `+strconv.Itoa(n)+`}
`)
	rec, err := report.NewRecorder(t.TempDir(), []string{"soak"})
	if err != nil {
		t.Fatal(err)
	}
	rec.Begin("soak")
	tenth := n / 10
	var (
		done                 int
		firstTenth, lastFrom time.Time
		firstRate            float64
		mid, end             struct{ goroutines, fds int }
	)
	start := time.Now()
	_, err = Run(context.Background(), s, WithRecords(func(r report.Row) {
		rec.Add(r)
		done++
		switch done {
		case tenth:
			firstTenth = time.Now()
			firstRate = float64(tenth) / firstTenth.Sub(start).Seconds()
		case n / 2:
			mid.goroutines, mid.fds = runtime.NumGoroutine(), openFDs(t)
		case n - tenth:
			lastFrom = time.Now()
		case n:
			end.goroutines, end.fds = runtime.NumGoroutine(), openFDs(t)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	lastRate := float64(tenth) / time.Since(lastFrom).Seconds()
	if _, err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	peakMB := float64(ru.Maxrss) / 1024
	t.Logf("%d invocations in %v: first tenth %.0f/s, last tenth %.0f/s (%+.1f%%); peak RSS %.0f MB; goroutines %d -> %d, fds %d -> %d",
		n, time.Since(start).Round(time.Millisecond), firstRate, lastRate, 100*(lastRate/firstRate-1), peakMB,
		mid.goroutines, end.goroutines, mid.fds, end.fds)
	if peakMB >= 300 {
		t.Errorf("peak RSS %.0f MB, want under 300", peakMB)
	}
	if end.goroutines > mid.goroutines || end.fds > mid.fds {
		t.Errorf("goroutines %d -> %d, fds %d -> %d between the middle and the end of the load; want no growth",
			mid.goroutines, end.goroutines, mid.fds, end.fds)
	}
	if lastRate < 0.9*firstRate {
		t.Errorf("throughput fell from %.0f/s in the first tenth to %.0f/s in the last, want within 10%%", firstRate, lastRate)
	}
}

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}
