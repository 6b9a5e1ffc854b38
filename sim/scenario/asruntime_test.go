package scenario_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/scenario"
)

// A calibration reads a file once per runtime. What the node runtime
// cannot run is reported where it was written, with what to do.
func TestAsRuntimeRejects(t *testing.T) {
	t.Setenv("CAL_TOKEN", "t")
	const why = "simulate calibrate runs every scenario with runtime node too"
	for _, tt := range []struct {
		name, handler, yaml string
		want                []string
	}{
		{
			name: "no handler and none given",
			yaml: `
scenarios:
  - name: a
    function: {agent: {keep_alive: true}}
`,
			want: []string{`s.yaml:3: scenarios[0]: ` + why + `, which needs function.handler: write one, or give --handler FILE (examples/node/article-handler.mjs is the article's)`},
		},
		{
			name:    "the given handler cannot be read",
			handler: "testdata/no-such-handler.mjs",
			yaml: `
scenarios:
  - name: a
  - name: b
`,
			want: []string{`s.yaml: --handler: cannot read the handler: no such file or directory`},
		},
		{
			name:    "concurrency",
			handler: "parse.go",
			yaml: `
defaults:
  platform: {concurrency: 8}
scenarios:
  - name: a
`,
			want: []string{`s.yaml:3: defaults.platform.concurrency: ` + why + `, which runs one invocation per container at a time; calibrate with concurrency: 1`},
		},
		{
			name:    "a real endpoint",
			handler: "parse.go",
			yaml: `
scenarios:
  - name: a
    upstream: {url: "https://db.example", token_env: CAL_TOKEN}
`,
			want: []string{`s.yaml:4: scenarios[0].upstream.url: ` + why + `, which calls the emulated database only; calibrate without upstream.url`},
		},
		{
			name:    "a sweep",
			handler: "parse.go",
			yaml: `
sweep:
  network.rtt: [1ms, 2ms]
scenarios:
  - name: a
`,
			want: []string{`s.yaml:3: sweep: simulate calibrate runs each scenario once with each runtime and does not sweep; calibrate a file without a sweep`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := scenario.Parse("s.yaml", []byte(tt.yaml), scenario.AsRuntime(scenario.RuntimeNode, tt.handler))
			if err == nil {
				t.Fatalf("accepted: %+v", f)
			}
			if !errors.Is(err, scenario.ErrInvalid) {
				t.Errorf("error does not match ErrInvalid: %v", err)
			}
			if got := err.Error(); got != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", got, strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// The go run leaves the handler out; the node run keeps a scenario's own
// handler and gives the others the one from the command line.
func TestAsRuntimeHandlers(t *testing.T) {
	const file = `
scenarios:
  - name: own
    function: {runtime: node, handler: parse.go}
  - name: model
    function: {client_init: 6ms, agent: {keep_alive: true, max_sockets: 4}}
`
	goRun, err := scenario.Parse("s.yaml", []byte(file), scenario.AsRuntime(scenario.RuntimeGo, ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range goRun.Scenarios {
		if f := s.Function; f.Runtime != scenario.RuntimeGo || f.Handler != "" || f.HandlerPath != "" {
			t.Errorf("go run of %s: runtime %q, handler %q (%q); want go and none", s.Name, f.Runtime, f.Handler, f.HandlerPath)
		}
	}
	nodeRun, err := scenario.Parse("s.yaml", []byte(file), scenario.AsRuntime(scenario.RuntimeNode, "scenario.go"))
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("scenario.go")
	for i, want := range []struct{ handler, path string }{{"parse.go", "parse.go"}, {"scenario.go", abs}} {
		f := nodeRun.Scenarios[i].Function
		if f.Runtime != scenario.RuntimeNode || f.Handler != want.handler || f.HandlerPath != want.path {
			t.Errorf("node run of %s: runtime %q, handler %q (%q); want node, %q (%q)",
				nodeRun.Scenarios[i].Name, f.Runtime, f.Handler, f.HandlerPath, want.handler, want.path)
		}
	}
	got := nodeRun.Scenarios[1].NodeIgnores()
	if want := []string{"function.client_init: 6ms", "function.agent.max_sockets: 4"}; !slices.Equal(got, want) {
		t.Errorf("NodeIgnores = %q, want %q", got, want)
	}
	if got := nodeRun.Scenarios[0].NodeIgnores(); got != nil {
		t.Errorf("NodeIgnores of a node scenario = %q, want none", got)
	}
}
