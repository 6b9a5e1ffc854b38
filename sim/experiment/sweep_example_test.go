package experiment_test

import (
	"context"
	"fmt"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/scenario"
)

// A sweep runs each scenario at each point; here, what keep-alive saves as
// the database gets farther.
func ExampleSweep() {
	f, err := scenario.Parse("sweep.yaml", []byte(`
sweep:
  network.rtt: [1ms, 10ms]
defaults:
  load: {count: 5}
scenarios:
  - name: keepalive
    function: {agent: {keep_alive: true}}
  - name: no-keepalive
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	sw, err := experiment.Sweep(context.Background(), f)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range sw.Rows {
		fmt.Printf("%s=%s %s: %d calls, %d connections\n", sw.Axes[0].Path, r.Point[0], r.Summary.Name, r.Summary.Invocations, r.Summary.ConnectionsOpened)
	}
	// Output:
	// network.rtt=1ms keepalive: 5 calls, 1 connections
	// network.rtt=1ms no-keepalive: 5 calls, 5 connections
	// network.rtt=10ms keepalive: 5 calls, 1 connections
	// network.rtt=10ms no-keepalive: 5 calls, 5 connections
}
