package experiment_test

import (
	"fmt"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/scenario"
)

// A command checks every scenario of a file before it runs the first, so
// that a scenario the layers refuse is reported at once, with its line.
func ExampleCheck() {
	f, err := scenario.Parse("scenarios.yaml", []byte(`
scenarios:
  - name: keepalive-global
    function: {agent: {keep_alive: true}}
  - name: fifo
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	// A scenario built by hand, not read from a file, can ask for what no
	// layer offers.
	f.Scenarios[1].Function.Agent.Scheduling = "fifo"
	for _, s := range f.Scenarios {
		if err := experiment.Check(s); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// scenarios.yaml:5: scenario fifo: platform: lifecycle: function fifo: agent: scheduling "fifo" is not supported: net/http.Transport reuses the most recently idle connection ("lifo")
}
