package scenario_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/scenario"
)

const sweepBase = `
sweep:
  network.rtt: [1ms, 5ms]
  function.memory: [128, 256, 512]
scenarios:
  - name: a
  - name: b
    network: {rtt: 3ms}
    load: {pattern: poisson, rate: 10, count: 5}
`

// TestSweepGrid checks that two axes make a grid, the first axis varying
// slowest, and that a point's value overrides what a scenario wrote.
func TestSweepGrid(t *testing.T) {
	f, err := scenario.Parse("s.yaml", []byte(sweepBase))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Sweep) != 2 || f.Sweep[0].Path != "network.rtt" || strings.Join(f.Sweep[1].Values, ",") != "128,256,512" {
		t.Fatalf("axes %+v, want network.rtt then function.memory", f.Sweep)
	}
	if len(f.Points) != 6 {
		t.Fatalf("%d points, want 2 x 3", len(f.Points))
	}
	p := f.Points[4]
	if strings.Join(p.Values, ",") != "5ms,256" {
		t.Errorf("point 4 = %v, want 5ms,256", p.Values)
	}
	for _, s := range p.Scenarios {
		if s.Network.RTT != 5*time.Millisecond || s.Function.MemoryMB != 256 {
			t.Errorf("%s at point 4: rtt %v, memory %d; want 5ms and 256", s.Name, s.Network.RTT, s.Function.MemoryMB)
		}
	}
	if f.Scenarios[1].Network.RTT != 3*time.Millisecond {
		t.Errorf("the unswept scenario b has rtt %v, want its own 3ms", f.Scenarios[1].Network.RTT)
	}
}

// TestSweepFlagOverridesFile checks that --sweep replaces the file's
// sweep, and that the file's settings (seed, dilation, selection) reach
// every point.
func TestSweepFlagOverridesFile(t *testing.T) {
	f, err := scenario.Parse("s.yaml", []byte(sweepBase), scenario.WithSweep("platform.idle_timeout=1s,10s,1m"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Sweep) != 1 || len(f.Points) != 3 || f.Points[2].Scenarios[0].Platform.IdleTimeout != time.Minute {
		t.Fatalf("axes %+v, %d points; want idle_timeout alone, 3 points, the last at 1m", f.Sweep, len(f.Points))
	}
	f.SetSeed(9)
	if err := f.SetTimeDilation(4); err != nil {
		t.Fatal(err)
	}
	if err := f.Select("b"); err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Points {
		if len(p.Scenarios) != 1 || p.Scenarios[0].Name != "b" || p.Scenarios[0].Seed != 9 || p.Scenarios[0].TimeDilation != 4 {
			t.Errorf("point %v: %+v; want b alone, seed 9, dilation 4", p.Values, p.Scenarios)
		}
	}
}

// TestSweepRejects documents the mistakes a sweep can hold: each is
// reported at the file's line and field, or under --sweep for the flag.
func TestSweepRejects(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		flags []string
		want  []string
	}{
		{
			name: "a value the field refuses",
			yaml: "sweep:\n  network.rtt: [1ms, -3ms]\nscenarios:\n  - name: a\n",
			want: []string{`s.yaml:2: sweep.network.rtt[1]: "-3ms" is negative`},
		},
		{
			name: "unknown field with a suggestion",
			yaml: "sweep:\n  network.rt: [1ms]\nscenarios:\n  - name: a\n",
			want: []string{`s.yaml:2: sweep: "network.rt" is not a scenario field: "rt" is unknown; did you mean "rtt"?`},
		},
		{
			name: "a block, not a field",
			yaml: "sweep:\n  upstream: [1ms]\nscenarios:\n  - name: a\n",
			want: []string{`s.yaml:2: sweep: "upstream" is a block; sweep one of its fields: tls, session_tickets, server_time, idle_timeout, keep_alive_hint, idle_close, url, token_env, ca_file`},
		},
		{
			name: "not a list",
			yaml: "sweep:\n  network.rtt: 1ms\nscenarios:\n  - name: a\n",
			want: []string{`s.yaml:2: sweep.network.rtt: is "1ms", want a list of one or more values, such as [1ms, 5ms]`},
		},
		{
			name: "a load key the pattern does not use",
			yaml: "sweep:\n  load.rate: [5, 10]\nscenarios:\n  - name: a\n",
			want: []string{`s.yaml:2: sweep: scenario a: pattern "sequential" does not use load.rate (it uses count, duration)`},
		},
		{
			name: "a value that breaks a rule across fields",
			yaml: "sweep:\n  network.spikes.probability: [0.1]\nscenarios:\n  - name: a\n",
			want: []string{`s.yaml:2: sweep.network.spikes.probability[0]: spikes with probability 0.1 need a size, e.g. size: 5ms`},
		},
		{
			name:  "flag: bad value and bad form",
			yaml:  "sweep:\n  network.rtt: [1ms]\nscenarios:\n  - name: a\n",
			flags: []string{"network.rtt=1ms,soon", "platform.idle_timeout"},
			want: []string{
				`s.yaml: --sweep: "platform.idle_timeout" is not PATH=V1,V2,... such as network.rtt=1ms,5ms,20ms`,
				`s.yaml: --sweep network.rtt[1]: "soon" is not a duration; write e.g. "20ms", "1.5s" (units ns, us, ms, s, m, h)`,
			},
		},
		{
			name:  "flag: a list of commands",
			yaml:  "scenarios:\n  - name: a\n",
			flags: []string{"function.commands=GET"},
			want:  []string{`s.yaml: --sweep: function.commands is a list of commands, not a single value; write a scenario for each`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []scenario.Option
			if tt.flags != nil {
				opts = append(opts, scenario.WithSweep(tt.flags...))
			}
			_, err := scenario.Parse("s.yaml", []byte(tt.yaml), opts...)
			if err == nil || !errors.Is(err, scenario.ErrInvalid) {
				t.Fatalf("error %v, want one matching ErrInvalid", err)
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.ReplaceAll(got, "\n", "\n\t"), strings.ReplaceAll(want, "\n", "\n\t"))
			}
		})
	}
}

// TestSweepBounded checks that a sweep cannot make decoding or running a
// file cost without bound: its points times the scenarios are capped.
func TestSweepBounded(t *testing.T) {
	values := strings.Repeat("1ms, ", 2000) + "1ms"
	_, err := scenario.Parse("s.yaml", []byte("sweep:\n  network.rtt: ["+values+"]\n  network.dns: [1ms, 2ms, 3ms, 4ms, 5ms, 6ms]\nscenarios:\n  - name: a\n"))
	want := "s.yaml:3: sweep: the sweep runs each of the 1 scenarios at more than 12006 points: more than 10000 runs; sweep fewer values"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
