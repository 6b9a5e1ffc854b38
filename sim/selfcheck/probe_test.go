package selfcheck_test

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/selfcheck"
)

// burn keeps a CPU busy for d.
func burn(d time.Duration) {
	x := 0
	for end := time.Now().Add(d); time.Now().Before(end); {
		for i := range 1000 {
			x += i
		}
	}
	runtime.KeepAlive(x)
}

func TestProbeSeesTheWindow(t *testing.T) {
	p := selfcheck.Start()
	var wg sync.WaitGroup
	wg.Go(func() { burn(50 * time.Millisecond) })
	// Goroutines that wake each other give the runtime scheduling to sample.
	ping, pong := make(chan int), make(chan int)
	wg.Go(func() {
		for v := range ping {
			pong <- v
		}
		close(pong)
	})
	for i := range 1000 {
		ping <- i
		<-pong
	}
	close(ping)
	wg.Wait()
	r := p.Stop()
	t.Logf("%+v", r)
	if r.Wall < 50*time.Millisecond {
		t.Errorf("wall %v, want at least the 50ms burnt", r.Wall)
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "plan9" && !r.CPUKnown {
		t.Error("CPU time unknown on a unix")
	}
	if r.CPUKnown && r.CPU <= 0 {
		t.Errorf("CPU %v after burning 50ms", r.CPU)
	}
	if r.SchedLatencyP99 <= 0 {
		t.Errorf("scheduler latency p99 %v after 2000 wake-ups", r.SchedLatencyP99)
	}
}
