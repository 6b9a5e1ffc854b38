package experiment_test

import (
	"context"
	"fmt"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// The article's best case: keep-alive with an agent created once per
// container reuses one connection for every call after the first.
func ExampleRun() {
	f, err := scenario.Parse("example.yaml", []byte(`
scenarios:
  - name: keepalive-global
    network: {rtt: 1ms}
    function: {agent: {keep_alive: true, placement: global}}
    load: {pattern: sequential, count: 10}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	tally := &report.Tally{Name: "keepalive-global"}
	o, err := experiment.Run(context.Background(), f.Scenarios[0], experiment.WithRecords(tally.Add))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := tally.Summary()
	fmt.Printf("%d invocations, %d cold, %d errors, %d connection\n", s.Invocations, s.ColdStarts, s.Errors, o.Counts.ConnectionsOpened)
	// Output:
	// 10 invocations, 1 cold, 0 errors, 1 connection
}
