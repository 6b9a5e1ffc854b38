package scenario_test

import (
	"fmt"

	"github.com/coldwire/coldwire/sim/scenario"
)

// A sweep runs every scenario at every point; --sweep on the command line
// replaces the file's, and two axes make a grid.
func ExampleWithSweep() {
	f, err := scenario.Parse("s.yaml", []byte(`
sweep:
  network.rtt: [1ms, 50ms]
scenarios:
  - name: keepalive
    function: {agent: {keep_alive: true}}
`), scenario.WithSweep("network.rtt=5ms,20ms", "function.memory=128,1024"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range f.Points {
		s := p.Scenarios[0]
		fmt.Printf("%v: %s rtt %v, %d MB\n", p.Values, s.Name, s.Network.RTT, s.Function.MemoryMB)
	}
	// Output:
	// [5ms 128]: keepalive rtt 5ms, 128 MB
	// [5ms 1024]: keepalive rtt 5ms, 1024 MB
	// [20ms 128]: keepalive rtt 20ms, 128 MB
	// [20ms 1024]: keepalive rtt 20ms, 1024 MB
}
