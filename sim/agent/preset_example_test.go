package agent_test

import (
	"fmt"

	"github.com/coldwire/coldwire/sim/agent"
)

func ExampleLookupPreset() {
	p, ok := agent.LookupPreset("undici")
	if !ok {
		return
	}
	o := p.Options
	fmt.Println(o.KeepAlive, o.FreeSocketTimeout, o.HonorKeepAliveHint, o.HintThreshold)
	// Output: true 4s true 2s
}
