package experiment_test

import (
	"context"
	"fmt"

	"github.com/coldwire/coldwire/sim/experiment"
	"github.com/coldwire/coldwire/sim/scenario"
)

// A calibration reads one file once per runtime and runs each scenario
// with both, the model first. It needs node on the PATH, so this example
// is compiled but not run.
func ExampleCalibrate() {
	const file = `
defaults:
  network: {rtt: 2ms}
  load: {count: 50}
scenarios:
  - name: keepalive-global
    function: {agent: {keep_alive: true}}
`
	const handler = "../../examples/node/article-handler.mjs"
	model, err := scenario.Parse("calibrate.yaml", []byte(file), scenario.AsRuntime(scenario.RuntimeGo, ""))
	if err != nil {
		fmt.Println(err)
		return
	}
	node, err := scenario.Parse("calibrate.yaml", []byte(file), scenario.AsRuntime(scenario.RuntimeNode, handler))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := experiment.Calibrate(context.Background(), model, node)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range c.Rows {
		fmt.Printf("%s: p50 %.2f ms with the model, %.2f ms with Node\n", r.Scenario, r.Go.RedisMs.P50, r.Node.RedisMs.P50)
	}
}
