//go:build unix

package netem

import (
	"syscall"
	"testing"
	"time"
)

// An idle scheduler must not spin: over 200 ms with nothing pending the
// process should use a small fraction of one CPU.
func TestSchedulerIdleUsesNoCPU(t *testing.T) {
	for _, w := range waiters {
		t.Run(w.name, func(t *testing.T) {
			s := w.new()
			defer s.Close()
			lateness(s, time.Millisecond, 5)
			var before, after syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &before)
			time.Sleep(200 * time.Millisecond)
			syscall.Getrusage(syscall.RUSAGE_SELF, &after)
			cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
			if cpu > 40*time.Millisecond {
				t.Errorf("idle scheduler used %v of CPU in 200ms", cpu)
			}
		})
	}
}
