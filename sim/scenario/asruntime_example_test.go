package scenario_test

import (
	"fmt"

	"github.com/coldwire/coldwire/sim/scenario"
)

// simulate calibrate reads one file twice: once as the in-process model
// runs it, once as real Node processes do, with a handler for the
// scenarios that name none.
func ExampleAsRuntime() {
	const file = `
scenarios:
  - name: warm
    function: {client_init: 6ms, agent: {keep_alive: true}}
`
	for _, r := range []string{scenario.RuntimeGo, scenario.RuntimeNode} {
		f, err := scenario.Parse("s.yaml", []byte(file), scenario.AsRuntime(r, "example_test.go"))
		if err != nil {
			fmt.Println(err)
			return
		}
		s := f.Scenarios[0]
		fmt.Printf("%s: runtime %s, handler %q\n", s.Name, s.Function.Runtime, s.Function.Handler)
		if r == scenario.RuntimeNode {
			fmt.Printf("the node run does not read %v\n", s.NodeIgnores())
		}
	}
	// Output:
	// warm: runtime go, handler ""
	// warm: runtime node, handler "example_test.go"
	// the node run does not read [function.client_init: 6ms]
}
