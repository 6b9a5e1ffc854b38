package scenario_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/scenario"
)

func parseOne(t *testing.T, yaml string) scenario.Scenario {
	t.Helper()
	f, err := scenario.Parse("t.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(f.Scenarios) != 1 {
		t.Fatalf("%d scenarios, want 1", len(f.Scenarios))
	}
	return f.Scenarios[0]
}

// TestDefaults documents what a scenario gets when no one sets a field.
func TestDefaults(t *testing.T) {
	s := parseOne(t, "scenarios:\n  - name: bare\n")
	want := scenario.Scenario{
		Name: "bare",
		File: "t.yaml",
		Line: 2,
		Seed: 1,
		Network: scenario.Network{
			Spikes: dist.Spikes{Size: dist.Constant(0)},
		},
		Upstream: scenario.Upstream{TLS: "1.3", SessionTickets: true, ServerTime: dist.Constant(0), IdleClose: scenario.CloseFIN},
		Platform: scenario.Platform{Init: dist.Constant(0), IdleTimeout: 10 * time.Minute, MaxContainers: 100, Concurrency: 1, CPU: 1, CPUPeriod: 100 * time.Millisecond,
			Freeze: scenario.Freeze{ClosesSeen: scenario.ClosesAfterInvocation, Clock: scenario.ClockRuns}},
		Function: scenario.Function{Retry: scenario.Retry{Policy: scenario.RetryNone}, Agent: scenario.Agent{
			KeepAlive:         false,
			Placement:         scenario.PlacementGlobal,
			MaxFreeSockets:    256,
			MaxCachedSessions: 100,
			Scheduling:        scenario.SchedulingLIFO,
		}},
		Load: scenario.Workload{Pattern: load.Sequential, Count: 100},
	}
	if !equal(s, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", s, want)
	}
}

// equal compares scenarios field by field, as Scenario holds unexported state.
func equal(a, b scenario.Scenario) bool {
	return a.Name == b.Name && a.File == b.File && a.Line == b.Line && a.Seed == b.Seed &&
		a.Network == b.Network && a.Upstream == b.Upstream && a.Platform == b.Platform &&
		a.Function.Agent == b.Function.Agent && a.Function.Pipeline == b.Function.Pipeline &&
		equalCommands(a.Function.Commands, b.Function.Commands) && reflect.DeepEqual(a.Load, b.Load)
}

func equalCommands(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// TestDeepMerge shows that a scenario overrides single keys of a block and
// keeps the rest from defaults, while values and lists replace.
func TestDeepMerge(t *testing.T) {
	f, err := scenario.Parse("t.yaml", []byte(`
defaults:
  network:
    rtt: 2ms
    jitter: {distribution: normal, amount: 100us, cap: 300us}
    dns: 5ms
  upstream:
    server_time: {distribution: normal, mean: 1ms, spread: 200us}
  function:
    agent: {keep_alive: true, free_socket_timeout: 4s}
    commands: [[GET, a], [GET, b]]
scenarios:
  - name: inherits
  - name: overrides
    network:
      rtt: 20ms
      jitter: {amount: 1ms}
    upstream:
      server_time: {mean: 3ms}
    function:
      agent: {keep_alive: false}
      commands: [[PING]]
`))
	if err != nil {
		t.Fatal(err)
	}
	in, over := f.Scenarios[0], f.Scenarios[1]
	tests := []struct {
		field     string
		got, want any
	}{
		{"inherits rtt", in.Network.RTT, 2 * time.Millisecond},
		{"overrides rtt", over.Network.RTT, 20 * time.Millisecond},
		{"keeps dns", over.Network.DNS, 5 * time.Millisecond},
		{"keeps jitter shape and cap", over.Network.Jitter, dist.Duration{Kind: dist.Normal, Spread: time.Millisecond, Cap: 300 * time.Microsecond}},
		{"keeps server time shape", over.Upstream.ServerTime, dist.Duration{Kind: dist.Normal, Mean: 3 * time.Millisecond, Spread: 200 * time.Microsecond}},
		{"inherits keep-alive", in.Function.Agent.KeepAlive, true},
		{"overrides keep-alive", over.Function.Agent.KeepAlive, false},
		{"keeps free socket timeout", over.Function.Agent.FreeSocketTimeout, 4 * time.Second},
		{"inherits commands", len(in.Function.Commands), 2},
		{"replaces commands", len(over.Function.Commands), 1},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.field, tt.got, tt.want)
		}
	}
}

// TestDurationOrDistribution shows the two forms of server_time, init and
// spike sizes, and that one replaces the other in a merge.
func TestDurationOrDistribution(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want dist.Duration
	}{
		{"plain duration", "server_time: 1.5ms", dist.Constant(1500 * time.Microsecond)},
		{"zero without a unit", "server_time: 0", dist.Constant(0)},
		{"block defaults to fixed", "server_time: {mean: 2ms}", dist.Constant(2 * time.Millisecond)},
		{"uniform", "server_time: {distribution: uniform, mean: 2ms, spread: 1ms}",
			dist.Duration{Kind: dist.Uniform, Mean: 2 * time.Millisecond, Spread: time.Millisecond}},
		{"exponential with cap", "server_time: {distribution: exponential, mean: 1ms, cap: 10ms}",
			dist.Duration{Kind: dist.Exponential, Mean: time.Millisecond, Cap: 10 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parseOne(t, "scenarios:\n  - name: a\n    upstream:\n      "+tt.yaml+"\n")
			if s.Upstream.ServerTime != tt.want {
				t.Errorf("got %+v, want %+v", s.Upstream.ServerTime, tt.want)
			}
		})
	}
	t.Run("plain replaces a block from defaults", func(t *testing.T) {
		s := parseOne(t, `
defaults:
  platform:
    init: {distribution: normal, mean: 100ms, spread: 20ms}
scenarios:
  - name: a
    platform:
      init: 5ms
`)
		if want := dist.Constant(5 * time.Millisecond); s.Platform.Init != want {
			t.Errorf("init %+v, want %+v", s.Platform.Init, want)
		}
	})
}

// TestValues covers the fields with their own notation.
func TestValues(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		check func(s scenario.Scenario) bool
	}{
		{"tls unquoted", "upstream: {tls: 1.2}", func(s scenario.Scenario) bool { return s.Upstream.TLS == "1.2" }},
		{"bandwidth in Mbit", "network: {bandwidth: 100Mbit}", func(s scenario.Scenario) bool { return s.Network.Bandwidth == 12_500_000 }},
		{"bandwidth in kbit", "network: {bandwidth: 512kbit}", func(s scenario.Scenario) bool { return s.Network.Bandwidth == 64_000 }},
		{"bandwidth unlimited", "network: {bandwidth: unlimited}", func(s scenario.Scenario) bool { return s.Network.Bandwidth == 0 }},
		{"jitter none", "network: {jitter: none}", func(s scenario.Scenario) bool { return s.Network.Jitter == dist.Duration{} }},
		{"jitter amount without a distribution is uniform", "network: {jitter: {amount: 100us}}",
			func(s scenario.Scenario) bool {
				return s.Network.Jitter == dist.Duration{Kind: dist.Uniform, Spread: 100 * time.Microsecond}
			}},
		{"commands keep numbers as text", "function: {commands: [[SET, k, v, EX, 60], [INCRBY, n, 2]], pipeline: true}",
			func(s scenario.Scenario) bool {
				return equalCommands(s.Function.Commands, [][]string{{"SET", "k", "v", "EX", "60"}, {"INCRBY", "n", "2"}}) && s.Function.Pipeline
			}},
		{"constant with duration only", "load: {pattern: constant, rate: 12.5, duration: 2s}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Constant, Rate: 12.5, Duration: 2 * time.Second, MaxInFlight: load.DefaultMaxInFlight})
			}},
		{"poisson with its own bound in flight", "load: {pattern: poisson, rate: 5, count: 9, max_in_flight: 3}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Poisson, Rate: 5, Count: 9, MaxInFlight: 3})
			}},
		{"bursts count their invocations", "load: {pattern: bursts, burst: {size: 4, gap: 30s, count: 5}}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Bursts, Count: 20, Burst: scenario.Burst{Size: 4, Gap: 30 * time.Second, Count: 5}, MaxInFlight: load.DefaultMaxInFlight})
			}},
		{"bursts default to three", "load: {pattern: bursts}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Bursts, Count: 30, Burst: scenario.Burst{Size: 10, Gap: time.Second, Count: 3}, MaxInFlight: load.DefaultMaxInFlight})
			}},
		{"bursts until the duration", "load: {pattern: bursts, duration: 1m, max_in_flight: 4}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Bursts, Duration: time.Minute, Burst: scenario.Burst{Size: 10, Gap: time.Second}, MaxInFlight: 4})
			}},
		{"bursts by count or duration", "load: {pattern: bursts, duration: 1m, burst: {count: 2}}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Bursts, Count: 20, Duration: time.Minute, Burst: scenario.Burst{Size: 10, Gap: time.Second, Count: 2}, MaxInFlight: load.DefaultMaxInFlight})
			}},
		{"sequential with duration only", "load: {pattern: sequential, duration: 30s}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Sequential, Duration: 30 * time.Second})
			}},
		{"concurrent with count and duration", "load: {pattern: concurrent, count: 50, duration: 30s, concurrency: 2}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Concurrent, Count: 50, Duration: 30 * time.Second, Concurrency: 2})
			}},
		{"concurrent defaults to ten users", "load: {pattern: concurrent, count: 50}",
			func(s scenario.Scenario) bool {
				return reflect.DeepEqual(s.Load, scenario.Workload{Pattern: load.Concurrent, Count: 50, Concurrency: 10})
			}},
		{"a quarter of a core per 20 ms", "platform: {cpu: 0.25, cpu_period: 20ms}",
			func(s scenario.Scenario) bool {
				return s.Platform.CPU == 0.25 && s.Platform.CPUPeriod == 20*time.Millisecond
			}},
		{"handler agent closed at end", "function: {agent: {keep_alive: true, placement: handler, scheduling: lifo, close_at_end: true}}",
			func(s scenario.Scenario) bool {
				a := s.Function.Agent
				return a.Scheduling == scenario.SchedulingLIFO && a.CloseAtEnd && a.Placement == scenario.PlacementHandler
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parseOne(t, "scenarios:\n  - name: a\n    "+tt.yaml+"\n")
			if !tt.check(s) {
				t.Errorf("%s: got %+v", tt.yaml, s)
			}
		})
	}
}

// TestKeepAliveTuningInDefaults shows that defaults may carry keep-alive
// options that a keep_alive: false scenario simply does not use.
func TestKeepAliveTuningInDefaults(t *testing.T) {
	s := parseOne(t, `
defaults:
  function:
    agent: {keep_alive: true, free_socket_timeout: 4s, scheduling: lifo}
scenarios:
  - name: off
    function:
      agent: {keep_alive: false}
`)
	if s.Function.Agent.KeepAlive {
		t.Error("keep_alive stayed true")
	}
}

func TestAliases(t *testing.T) {
	f, err := scenario.Parse("t.yaml", []byte(`
scenarios:
  - name: a
    network: &net {rtt: 3ms}
  - name: b
    network: *net
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Scenarios[1].Network.RTT; got != 3*time.Millisecond {
		t.Errorf("aliased rtt %v, want 3ms", got)
	}
}

func TestSeeds(t *testing.T) {
	f, err := scenario.Parse("t.yaml", []byte(`
seed: 7
scenarios:
  - name: inherits
  - name: own
    seed: 42
`))
	if err != nil {
		t.Fatal(err)
	}
	if a, b := f.Scenarios[0].Seed, f.Scenarios[1].Seed; a != 7 || b != 42 {
		t.Errorf("seeds %d, %d; want 7, 42", a, b)
	}
	f.SetSeed(9)
	if a, b := f.Scenarios[0].Seed, f.Scenarios[1].Seed; f.Seed != 9 || a != 9 || b != 42 {
		t.Errorf("after SetSeed(9): file %d, scenarios %d, %d; want 9, 9, 42", f.Seed, a, b)
	}
}

func TestSelect(t *testing.T) {
	f, err := scenario.Parse("t.yaml", []byte("scenarios:\n  - name: a\n  - name: b\n  - name: c\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = f.Select("c", "x")
	if want := `t.yaml: no scenario named "x" (the file has a, b, c)`; err == nil || err.Error() != want {
		t.Errorf("Select with an unknown name: %v, want %s", err, want)
	}
	if err := f.Select("c", "a"); err != nil {
		t.Fatal(err)
	}
	if len(f.Scenarios) != 2 || f.Scenarios[0].Name != "a" || f.Scenarios[1].Name != "c" {
		t.Errorf("selected %+v, want a and c in file order", f.Scenarios)
	}
}

func TestTimeDilation(t *testing.T) {
	f, err := scenario.Parse("s.yaml", []byte(`
time_dilation: 10
scenarios:
  - name: a
    network: {rtt: 1ms, dns: 2ms, jitter: {distribution: uniform, amount: 100us}}
    upstream: {server_time: 400us, idle_timeout: 5s}
    platform: {init: 50ms, idle_timeout: 1s}
    function: {agent: {keep_alive: true, free_socket_timeout: 4s}}
    load: {pattern: poisson, rate: 100, duration: 2s}
`))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Scenarios[0]
	if s.TimeDilation != 10 {
		t.Fatalf("TimeDilation = %v, want 10", s.TimeDilation)
	}
	d := s.Dilated()
	checks := []struct {
		name      string
		got, want any
	}{
		{"rtt", d.Network.RTT, 10 * time.Millisecond},
		{"dns", d.Network.DNS, 20 * time.Millisecond},
		{"jitter", d.Network.Jitter.Spread, time.Millisecond},
		{"server time", d.Upstream.ServerTime.Mean, 4 * time.Millisecond},
		{"upstream idle", d.Upstream.IdleTimeout, 50 * time.Second},
		{"init", d.Platform.Init.Mean, 500 * time.Millisecond},
		{"platform idle", d.Platform.IdleTimeout, 10 * time.Second},
		{"free socket", d.Function.Agent.FreeSocketTimeout, 40 * time.Second},
		{"rate", d.Load.Rate, 10.0},
		{"duration", d.Load.Duration, 20 * time.Second},
		{"undilated rtt", s.Network.RTT, time.Millisecond},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if err := f.SetTimeDilation(0.5); err == nil {
		t.Error("SetTimeDilation(0.5) succeeded, want an error: dilation slows the model down, never speeds it up")
	}
	const past = "s.yaml: time dilation 1e+12 stretches upstream.idle_timeout of scenario a (5s) past the longest duration, about 292 years"
	if err := f.SetTimeDilation(1e12); err == nil || err.Error() != past || f.TimeDilation != 10 {
		t.Errorf("SetTimeDilation(1e12) = %v, dilation %v; want %q and the dilation unchanged", err, f.TimeDilation, past)
	}
	if _, err := scenario.Parse("s.yaml", []byte("time_dilation: 0\nscenarios: [{name: a}]\n")); err == nil ||
		!strings.Contains(err.Error(), "s.yaml:1: time_dilation: 0 is not a time dilation") {
		t.Errorf("time_dilation: 0 gave %v, want a file:line: field error", err)
	}
}
