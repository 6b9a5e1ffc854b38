package selfcheck_test

import (
	"fmt"
	"time"

	"github.com/coldwire/coldwire/sim/selfcheck"
)

func ExampleProbe() {
	p := selfcheck.Start()
	time.Sleep(10 * time.Millisecond) // the scenario
	r := p.Stop()
	fmt.Printf("wall %v, scheduler latency p99 %v\n", r.Wall, r.SchedLatencyP99)
	if r.CPUKnown {
		fmt.Printf("CPU %v\n", r.CPU)
	}
}
