package upstream

import (
	"strings"
	"testing"
)

// /pipeline runs commands in order, not atomically: one entry per command,
// 200 even when some fail.
func TestPipeline(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runExchanges(t, hs, []exchange{
		{"one entry per command, in order", call{path: "/pipeline", body: `[["SET","k","1"],["INCR","k"],["HSET","k","f","v"],["GET","k"],["GET","none"]]`}, 200,
			`[{"result":"OK"},{"result":2},{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"},{"result":"2"},{"result":null}]`},
		{"a failure does not stop the rest", call{path: "/pipeline", body: `[["NOPE"],["INCR","k"]]`}, 200,
			"[{\"error\":\"ERR unknown command `NOPE`, with args beginning with: \"},{\"result\":3}]"},
		{"commands share one session", call{path: "/pipeline", body: `[["SELECT",2],["SET","k","db2"],["GET","k"]]`}, 200,
			`[{"result":"OK"},{"result":"OK"},{"result":"db2"}]`},
		{"", call{body: `["GET","k"]`}, 200, `{"result":"3"}`},
		{"GET is not allowed", call{method: "GET", path: "/pipeline"}, 405, `{"error":"ERR /pipeline takes a POST with a JSON array of commands"}`},
		{"empty pipeline", call{path: "/pipeline", body: `[]`}, 400, `{"error":"ERR empty pipeline: send at least one command"}`},
		{"a command must be an array", call{path: "/pipeline", body: `[["PING"],"PING"]`}, 400, `{"error":"ERR command 2 is a string, want an array of strings, numbers and booleans"}`},
	})
}

// /multi-exec wraps the commands in MULTI/EXEC. A command refused while
// queueing discards the whole transaction with a 400; errors while executing
// stay in their entry.
func TestMultiExec(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runExchanges(t, hs, []exchange{
		{"atomic batch", call{path: "/multi-exec", body: `[["SET","k","1"],["INCR","k"],["LRANGE","k",0,1]]`}, 200,
			`[{"result":"OK"},{"result":2},{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"}]`},
		{"discarded as a whole", call{path: "/multi-exec", body: `[["SET","k","changed"],["NOPE"]]`}, 400,
			"{\"error\":\"EXECABORT Transaction discarded because command 2 failed: ERR unknown command `NOPE`, with args beginning with: \"}"},
		{"so nothing ran", call{body: `["GET","k"]`}, 200, `{"result":"2"}`},
		{"wrong arity discards too", call{path: "/multi-exec", body: `[["SET","k"]]`}, 400,
			`{"error":"EXECABORT Transaction discarded because command 1 failed: ERR wrong number of arguments for 'set' command"}`},
		{"transaction control is the endpoint's", call{path: "/multi-exec", body: `[["MULTI"],["EXEC"]]`}, 400,
			`{"error":"ERR command 1: MULTI is not allowed inside /multi-exec, which wraps the commands in MULTI/EXEC itself"}`},
	})
}

// Transactions do not interleave with concurrent writers.
func TestMultiExecIsAtomic(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	body := `[["INCR","c"],["GET","c"],["INCR","c"],["GET","c"]]`
	done := make(chan answer, 20)
	for range cap(done) {
		go func() { done <- send(t, hs, call{path: "/multi-exec", body: body}) }()
	}
	for range cap(done) {
		a := <-done
		var first, second float64
		entries, ok := a.json(t).([]any)
		if !ok || len(entries) != 4 {
			t.Fatalf("reply %s", a.body)
		}
		first = entries[0].(map[string]any)["result"].(float64)
		second = entries[2].(map[string]any)["result"].(float64)
		if second != first+1 || !strings.Contains(a.body, `"result":"`) {
			t.Errorf("a transaction saw another's write: %s", a.body)
		}
	}
}
