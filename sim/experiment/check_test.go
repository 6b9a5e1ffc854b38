package experiment

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/scenario"
)

// TestCheck documents what each layer refuses in a scenario the parser let
// through (here made by hand), and that Check looks at the scenario dilated,
// as Run builds it. Each error names the file, the scenario's line and the
// layer.
func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *scenario.Scenario)
		want   []string // one per layer that refuses; none for a scenario that runs
	}{
		{name: "as parsed", change: func(*scenario.Scenario) {}},
		{
			name:   "negative rtt",
			change: func(s *scenario.Scenario) { s.Network.RTT = -time.Millisecond },
			want:   []string{"check.yaml:3: scenario a: network: netem: invalid config: rtt -1ms is negative"},
		},
		{
			name:   "unknown TLS version",
			change: func(s *scenario.Scenario) { s.Upstream.TLS = "1.4" },
			want:   []string{`check.yaml:3: scenario a: database: tls: version "1.4" not supported (want 1.2 or 1.3)`},
		},
		{
			name:   "unknown server time distribution",
			change: func(s *scenario.Scenario) { s.Upstream.ServerTime = dist.Duration{Kind: "pareto"} },
			want:   []string{`check.yaml:3: scenario a: database: upstream: ServerTime: unknown distribution "pareto" (want fixed, uniform, normal or exponential)`},
		},
		{
			name: "fifo agent and a load without a count",
			change: func(s *scenario.Scenario) {
				s.Function.Agent.Scheduling = "fifo"
				s.Load.Count = 0
			},
			want: []string{
				`check.yaml:3: scenario a: platform: lifecycle: function a: agent: scheduling "fifo" is not supported: net/http.Transport reuses the most recently idle connection ("lifo")`,
				"check.yaml:3: scenario a: load: load: sequential needs a count or a duration",
			},
		},
		{
			name: "a rate too high to schedule in real time",
			change: func(s *scenario.Scenario) {
				s.Load = scenario.Workload{Pattern: load.Poisson, Rate: 1e10, Count: 10, MaxInFlight: 1}
			},
			want: []string{"check.yaml:3: scenario a: load: load: rate 1e+10/s is too high to schedule"},
		},
		{
			name: "the same rate ten times dilated",
			change: func(s *scenario.Scenario) {
				s.Load = scenario.Workload{Pattern: load.Poisson, Rate: 1e10, Count: 10, MaxInFlight: 1}
				s.TimeDilation = 10
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := scenario.Parse("check.yaml", []byte("\nscenarios:\n  - name: a\n    network: {rtt: 1ms}\n"))
			if err != nil {
				t.Fatal(err)
			}
			s := f.Scenarios[0]
			tt.change(&s)
			err = Check(s)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var es scenario.Errors
			if !errors.As(err, &es) || !errors.Is(err, scenario.ErrInvalid) {
				t.Fatalf("error %T %v is not scenario.Errors matching ErrInvalid", err, err)
			}
			if got := err.Error(); got != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.ReplaceAll(got, "\n", "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}
