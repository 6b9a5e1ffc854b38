package scenario_test

import (
	"testing"

	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/scenario"
)

// TestShippedFile checks the repository's scenarios.yaml: the article's four
// scenarios, 1000 sequential calls each, differing only in their agent, on
// the article's TLS 1.2 and a small function's CPU.
func TestShippedFile(t *testing.T) {
	f, err := scenario.Load("../../scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]scenario.Agent{}
	for _, s := range f.Scenarios {
		want[s.Name] = s.Function.Agent
	}
	combos := []struct {
		name      string
		keepAlive bool
		placement string
	}{
		{"keepalive-global", true, scenario.PlacementGlobal},
		{"keepalive-handler", true, scenario.PlacementHandler},
		{"no-keepalive-global", false, scenario.PlacementGlobal},
		{"no-keepalive-handler", false, scenario.PlacementHandler},
	}
	if len(f.Scenarios) != len(combos) {
		t.Fatalf("%d scenarios, want %d", len(f.Scenarios), len(combos))
	}
	for _, c := range combos {
		a, ok := want[c.name]
		if !ok {
			t.Errorf("no scenario %s", c.name)
			continue
		}
		if a.KeepAlive != c.keepAlive || a.Placement != c.placement {
			t.Errorf("%s: keep_alive %v placement %s", c.name, a.KeepAlive, a.Placement)
		}
	}
	first := f.Scenarios[0]
	for _, s := range f.Scenarios {
		if s.Load.Pattern != load.Sequential || s.Load.Count != 1000 {
			t.Errorf("%s: load %+v, want 1000 sequential", s.Name, s.Load)
		}
		if s.Network != first.Network || s.Upstream != first.Upstream || s.Platform != first.Platform {
			t.Errorf("%s: network, database or platform differ from %s's; the article used one of each", s.Name, first.Name)
		}
		// The article's resumption saved a round trip, which only TLS 1.2
		// does (see the top of scenarios.yaml).
		if s.Upstream.TLS != "1.2" || !s.Upstream.SessionTickets {
			t.Errorf("%s: TLS %s, session tickets %v; want 1.2 with tickets, as the article's resumption shows", s.Name, s.Upstream.TLS, s.Upstream.SessionTickets)
		}
		if s.Function.ClientInit <= 0 || s.Platform.CPU >= 1 {
			t.Errorf("%s: client init %v, CPU share %v; want a cold process's first TLS cost on a fraction of a core", s.Name, s.Function.ClientInit, s.Platform.CPU)
		}
	}
}
