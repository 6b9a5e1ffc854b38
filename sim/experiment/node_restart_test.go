package experiment

import (
	"strings"
	"testing"
)

// TestNodeRuntimeProcessRestarts runs a handler whose process exits in its
// second invocation: that invocation fails with the process's stderr, and
// the next one starts a new process in the same container, a cold start
// that says so, as Lambda resets an environment whose runtime exited.
func TestNodeRuntimeProcessRestarts(t *testing.T) {
	requireNode(t)
	left := countLeftovers(t)
	rows, _ := runNode(t, `
scenarios:
  - name: node
    function: {runtime: node, handler: testdata/exits.mjs}
    load: {pattern: sequential, count: 4}
`)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	want := []struct {
		cold   bool
		failed string
	}{{true, ""}, {false, "giving up"}, {true, ""}, {false, "giving up"}}
	for i, r := range rows {
		if r.Cold != want[i].cold || !strings.Contains(r.Error, want[i].failed) || (want[i].failed == "") != !r.Failed() {
			t.Errorf("call %d: cold %v, error %q; want cold %v and an error containing %q", i, r.Cold, r.Error, want[i].cold, want[i].failed)
		}
		if r.Container != 1 {
			t.Errorf("call %d in container %d, want 1", i, r.Container)
		}
	}
	if r := rows[2]; !(r.InitMs > 0) {
		t.Errorf("the restart's init is %v ms, want the new process's start", r.InitMs)
	}
	left.requireNoneLeft(t, "the run")
}
