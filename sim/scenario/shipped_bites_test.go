package scenario_test

import (
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/scenario"
)

// The "When keep-alive bites" examples must keep saying what their comments
// explain: gaps that outlast the idle timeouts, and the fixes each scenario
// names.
func TestShippedBitesExamples(t *testing.T) {
	stale, err := scenario.Load("../../examples/stale-socket.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stale.Scenarios {
		if s.Upstream.IdleTimeout != 5*time.Second || s.Load.Burst.Gap != 10*time.Second || !s.Function.Agent.KeepAlive {
			t.Errorf("%s: database idle %v, gap %v, keep-alive %v; want 5s, 10s, true", s.Name, s.Upstream.IdleTimeout, s.Load.Burst.Gap, s.Function.Agent.KeepAlive)
		}
		if f := s.Function.Agent.FreeSocketTimeout; f != 0 && f >= s.Upstream.IdleTimeout {
			t.Errorf("%s: free-socket timeout %v does not beat the database's %v", s.Name, f, s.Upstream.IdleTimeout)
		}
	}
	nat, err := scenario.Load("../../examples/nat-blackhole.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range nat.Scenarios {
		m := s.Network.Middlebox
		if m.IdleTimeout == 0 || m.IdleTimeout >= s.Load.Burst.Gap || s.Function.Timeout == 0 && s.Platform.InvocationTimeout == 0 {
			t.Errorf("%s: middlebox %+v, gap %v, timeouts %v and %v: want a middlebox that forgets between calls and a bounded wait", s.Name, m, s.Load.Burst.Gap, s.Function.Timeout, s.Platform.InvocationTimeout)
		}
	}
	if nat.Scenarios[0].Network.Middlebox.Action != scenario.ActionDrop {
		t.Errorf("the first nat-blackhole scenario must drop: %+v", nat.Scenarios[0].Network.Middlebox)
	}
}
