package scenario_test

import (
	"errors"
	"fmt"

	"github.com/coldwire/coldwire/sim/scenario"
)

func ExampleParse() {
	f, err := scenario.Parse("scenarios.yaml", []byte(`
seed: 7
defaults:
  network:
    rtt: 1.5ms
    jitter: {distribution: normal, amount: 50us}
  upstream:
    server_time: {distribution: normal, mean: 400us, spread: 100us}
  function:
    agent: {keep_alive: true}
  load: {pattern: sequential, count: 1000}
scenarios:
  - name: keepalive-global
  - name: far-away
    network:
      rtt: 80ms
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range f.Scenarios {
		fmt.Printf("%s: rtt %v, jitter %v, server %v, keep-alive %v, %s agent, %d %s calls, seed %d\n",
			s.Name, s.Network.RTT, s.Network.Jitter, s.Upstream.ServerTime,
			s.Function.Agent.KeepAlive, s.Function.Agent.Placement, s.Load.Count, s.Load.Pattern, s.Seed)
	}
	// Output:
	// keepalive-global: rtt 1.5ms, jitter normal(0s, sd 50µs), server normal(400µs, sd 100µs), keep-alive true, global agent, 1000 sequential calls, seed 7
	// far-away: rtt 80ms, jitter normal(0s, sd 50µs), server normal(400µs, sd 100µs), keep-alive true, global agent, 1000 sequential calls, seed 7
}

func ExampleParse_errors() {
	_, err := scenario.Parse("scenarios.yaml", []byte(`
scenarios:
  - name: a
    network:
      rtt: 20
  - name: a
    load: {pattern: constant}
`))
	fmt.Println(err)
	fmt.Println("bad input:", errors.Is(err, scenario.ErrInvalid))
	// Output:
	// scenarios.yaml:5: scenarios[0].network.rtt: 20 has no unit; write it as a duration such as "20ms"
	// scenarios.yaml:6: scenarios[1].name: "a" is already the name of scenarios[0] (line 3)
	// scenarios.yaml:7: scenarios[1].load.pattern: pattern "constant" needs a rate: invocations per second, e.g. rate: 50
	// bad input: true
}

// Plan is the load a scenario runs, checked by Parse with the load package's
// own Validate.
func ExampleScenario_Plan() {
	f, err := scenario.Parse("scenarios.yaml", []byte(`
scenarios:
  - name: steady
    load: {pattern: constant, rate: 50, duration: 10s, max_in_flight: 200}
  - name: cold-bursts
    load: {pattern: bursts, duration: 1m, burst: {size: 5, gap: 20s}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range f.Scenarios {
		p := s.Plan()
		fmt.Printf("%s: %s for %v, total %d, at most %d in flight, bursts %+v\n",
			s.Name, p.Pattern, p.Duration, p.Total(), p.MaxInFlight, p.Burst)
	}
	// Output:
	// steady: constant for 10s, total 500, at most 200 in flight, bursts {Size:0 Gap:0s Count:0}
	// cold-bursts: bursts for 1m0s, total 0, at most 10000 in flight, bursts {Size:5 Gap:20s Count:0}
}
