package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/scenario"
)

// Files that once crashed or stalled the command, or that only the layers
// would refuse, are refused with a file:line error and exit code 2,
// whether the file is run or only validated, and both say the same.
func TestValidateAndRunRefuseAlike(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{
			name: "alias cycles",
			yaml: "defaults: &d\n  upstream: *d\nscenarios:\n  - &s\n    name: a\n    upstream: *s\n",
			want: []string{
				"bad.yaml:2: defaults.upstream: alias *d is inside the block it names (&d, line 1)",
				"bad.yaml:6: scenarios[0].upstream: alias *s is inside the block it names (&s, line 4)",
			},
		},
		{
			name: "billion laughs",
			yaml: "a: &a [x, x, x, x, x, x, x, x, x, x]\n" +
				"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
				"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
				"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
				"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n" +
				"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
				"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n" +
				"scenarios: [{name: a, function: {commands: *g}}]\n",
			want: []string{"bad.yaml:7: g[0]: alias *f expands to more than"},
		},
		{
			name: "a script that would hold the database",
			yaml: "scenarios:\n  - name: a\n    function:\n      commands: [[EVAL, 'while true do end', '0']]\n",
			want: []string{`bad.yaml:4: scenarios[0].function.commands[0][0]: "EVAL" is a scripting command`},
		},
		{
			name: "keep-alive failure settings out of range",
			yaml: "scenarios:\n  - name: a\n    network: {middlebox: {idle_timeout: 1s, action: reject}}\n" +
				"    platform: {freeze: {closes_seen: never, clock: paused}}\n" +
				"    function: {timeout: -2s, retry: {attempts: 0}}\n",
			want: []string{
				`bad.yaml:3: scenarios[0].network.middlebox.action: "reject" is not one of rst, drop`,
				`bad.yaml:4: scenarios[0].platform.freeze.closes_seen: "never" is not one of after_invocation, before_invocation`,
				`bad.yaml:4: scenarios[0].platform.freeze.clock: "paused" is not one of runs, stops`,
				`bad.yaml:5: scenarios[0].function.timeout: "-2s" is negative`,
				`bad.yaml:5: scenarios[0].function.retry.attempts: must be at least 1, not 0`,
			},
		},
		{
			name: "a dilation past the longest duration",
			yaml: "time_dilation: 1e12\nscenarios:\n  - name: a\n",
			want: []string{"bad.yaml:1: time_dilation: 1e12 stretches platform.idle_timeout of scenario a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bad.yaml", tt.yaml)
			code, _, validateErr := runCmd("validate", "-f", path)
			if code != exitBadInput {
				t.Errorf("validate: exit %d, want %d", code, exitBadInput)
			}
			for _, w := range tt.want {
				if !strings.Contains(validateErr, strings.Replace(w, "bad.yaml", path, 1)) {
					t.Errorf("validate: stderr %q lacks %q", validateErr, w)
				}
			}
			code, _, runErr := runCmd("-f", path, "-o", t.TempDir())
			if code != exitBadInput || runErr != validateErr {
				t.Errorf("run: exit %d, stderr %q; want %d and what validate said, %q", code, runErr, exitBadInput, validateErr)
			}
		})
	}
}

// check, which validate and the run share, refuses what the layers would
// refuse in any scenario, at the scenario's file and line.
func TestCheckRefusesWhatTheLayersRefuse(t *testing.T) {
	f, err := scenario.Parse("s.yaml", []byte("scenarios:\n  - name: a\n  - name: b\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := check(f); err != nil {
		t.Fatalf("check refused a valid file: %v", err)
	}
	f.Scenarios[0].Network.RTT = -1
	f.Scenarios[1].Upstream.TLS = "1.1"
	err = check(f)
	want := "s.yaml:2: scenario a: network: netem: invalid config: rtt -1ns is negative\n" +
		`s.yaml:3: scenario b: database: tls: version "1.1" not supported (want 1.2 or 1.3)`
	if err == nil || err.Error() != want || !errors.Is(err, scenario.ErrInvalid) {
		t.Errorf("check = %v\nwant %s, matching scenario.ErrInvalid", err, want)
	}
}
