package experiment

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// readAs reads a scenario file as calibrate does, once per runtime.
func readAs(t *testing.T, yaml string) (model, node *scenario.File) {
	t.Helper()
	var err error
	if model, err = scenario.Parse("test.yaml", []byte(yaml), scenario.AsRuntime(scenario.RuntimeGo, "")); err != nil {
		t.Fatal(err)
	}
	if node, err = scenario.Parse("test.yaml", []byte(yaml), scenario.AsRuntime(scenario.RuntimeNode, "../../examples/node/article-handler.mjs")); err != nil {
		t.Fatal(err)
	}
	return model, node
}

// TestCalibrate runs two scenarios with each runtime, the two runs of a
// scenario one after the other. Each run is complete, the node runs'
// first invocations include a process start the model does not have, and
// no process is left.
func TestCalibrate(t *testing.T) {
	requireNode(t)
	model, node := readAs(t, `
defaults:
  network: {rtt: 2ms}
  function: {client_init: 1ms}
  load: {pattern: sequential, count: 4}
scenarios:
  - name: keepalive-global
    function: {agent: {keep_alive: true, placement: global}}
  - name: no-keepalive-handler
    function: {agent: {keep_alive: false, placement: handler}}
`)
	left := countLeftovers(t)
	var runs []string
	rows := 0
	c, err := Calibrate(context.Background(), model, node,
		WithRecords(func(report.Row) { rows++ }),
		WithRunDone(func(name, runtime string, _ report.Summary) { runs = append(runs, name+" "+runtime) }))
	if err != nil {
		t.Fatal(err)
	}
	wantRuns := []string{"keepalive-global go", "keepalive-global node", "no-keepalive-handler go", "no-keepalive-handler node"}
	if !slices.Equal(runs, wantRuns) {
		t.Errorf("runs %q, want %q", runs, wantRuns)
	}
	if rows != 16 {
		t.Errorf("%d rows recorded, want 4 per run", rows)
	}
	if len(c.Rows) != 2 {
		t.Fatalf("%d calibration rows, want 2", len(c.Rows))
	}
	for i, r := range c.Rows {
		if r.Scenario != model.Scenarios[i].Name {
			t.Errorf("row %d is %s, want %s", i, r.Scenario, model.Scenarios[i].Name)
		}
		for _, s := range []report.Summary{r.Go, r.Node} {
			if s.Invocations != 4 || s.Errors != 0 || s.ColdStarts != 1 || s.RedisMs == nil {
				t.Fatalf("%s: %d invocations, %d errors, %d cold starts, redis %v; want 4, 0, 1 and a latency",
					r.Scenario, s.Invocations, s.Errors, s.ColdStarts, s.RedisMs)
			}
		}
		// A Node process takes tens of milliseconds to start; the model's
		// container, with no platform.init, next to nothing.
		if r.Node.TotalMs.First <= r.Go.TotalMs.First {
			t.Errorf("%s: node's first invocation %.2f ms, go's %.2f ms; want node's to include its process start",
				r.Scenario, r.Node.TotalMs.First, r.Go.TotalMs.First)
		}
		if want := []string{"function.client_init: 1ms"}; !slices.Equal(r.NodeIgnores, want) {
			t.Errorf("%s: NodeIgnores %q, want %q", r.Scenario, r.NodeIgnores, want)
		}
	}
	if got := c.Rows[0].Node.ConnectionsOpened; got != 1 {
		t.Errorf("keep-alive, global agent, runtime node: %d connections, want 1", got)
	}
	if got := c.Rows[1].Node.ConnectionsOpened; got != 4 {
		t.Errorf("no keep-alive, runtime node: %d connections, want 4", got)
	}
	left.requireNoneLeft(t, "the calibration")
}

// Calibrate wants one file read once per runtime, go first.
func TestCalibrateRefusesUnpairedFiles(t *testing.T) {
	a, _ := readAs(t, "scenarios: [{name: a}]")
	b, bNode := readAs(t, "scenarios: [{name: b}]")
	two, _ := readAs(t, "scenarios: [{name: a}, {name: b}]")
	for _, tt := range []struct {
		name        string
		model, node *scenario.File
		want        string
	}{
		{"counts differ", two, bNode, "2 scenarios with runtime go, 1 with runtime node"},
		{"names differ", a, bNode, "scenario 0 is a with runtime go, b with runtime node"},
		{"runtimes swapped", bNode, b, "scenario b runs with runtime node and go"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Calibrate(context.Background(), tt.model, tt.node)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// An interrupted calibration keeps the run it stopped, without the runs
// that did not start.
func TestCalibrateInterrupted(t *testing.T) {
	model, node := readAs(t, `
defaults:
  load: {pattern: sequential, count: 1000}
scenarios:
  - name: a
  - name: b
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	c, err := Calibrate(ctx, model, node, WithRecords(func(report.Row) {
		if n++; n == 5 {
			cancel()
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 1 || c.Rows[0].Scenario != "a" {
		t.Fatalf("rows %+v, want scenario a's only", c.Rows)
	}
	if got := c.Rows[0]; got.Go.Invocations < 5 || got.Go.Invocations >= 1000 || got.Node.Invocations != 0 {
		t.Errorf("go run %d invocations, node run %d; want the go run's few and none for node", got.Go.Invocations, got.Node.Invocations)
	}
}
