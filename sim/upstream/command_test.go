package upstream

import "testing"

// One command travels as a JSON array posted to /, or in the path. The reply
// always carries "result", null included.
func TestCommand(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runExchanges(t, hs, []exchange{
		{"JSON array, numbers allowed", call{body: `["SET","k","v","EX",60]`}, 200, `{"result":"OK"}`},
		{"bulk string", call{body: `["GET","k"]`}, 200, `{"result":"v"}`},
		{"null is a result too", call{body: `["GET","missing"]`}, 200, `{"result":null}`},
		{"integers stay numbers", call{body: `["INCRBY","n",41]`}, 200, `{"result":41}`},
		{"floats travel as strings", call{body: `["INCRBYFLOAT","f",1.5]`}, 200, `{"result":"1.5"}`},
		{"booleans are stored as their text, as the SDK sends them", call{body: `["SET","b",true]`}, 200, `{"result":"OK"}`},
		{"", call{body: `["GET","b"]`}, 200, `{"result":"true"}`},
		{"", call{body: `["MSET","t",true,"f",false]`}, 200, `{"result":"OK"}`},
		{"", call{body: `["MGET","t","f"]`}, 200, `{"result":["true","false"]}`},
		{"maps are flat arrays", call{body: `["HSET","h","a","1"]`}, 200, `{"result":1}`},
		{"", call{body: `["HGETALL","h"]`}, 200, `{"result":["a","1"]}`},
		{"status replies", call{body: `["TYPE","h"]`}, 200, `{"result":"hash"}`},
		{"COPY onto itself copies nothing, as on Upstash", call{body: `["COPY","h","h"]`}, 200, `{"result":0}`},
		{"", call{body: `["COPY","h","h","REPLACE"]`}, 200, `{"result":0}`},
		{"", call{path: "/multi-exec", body: `[["COPY","h","h"],["COPY","h","h2"]]`}, 200, `[{"result":0},{"result":1}]`},
		{"", call{body: `["HGETALL","h2"]`}, 200, `{"result":["a","1"]}`},
		{"failed command is a 400", call{body: `["INCR","k"]`}, 400, `{"error":"ERR value is not an integer or out of range"}`},
		{"unknown command", call{body: `["NOPE","x"]`}, 400, "{\"error\":\"ERR unknown command `NOPE`, with args beginning with: `x`, \"}"},
		{"quoted as sent", call{body: `["nope"]`}, 400, "{\"error\":\"ERR unknown command `nope`, with args beginning with: \"}"},
		{"path form GET", call{method: "GET", path: "/set/p/1/EX/100"}, 200, `{"result":"OK"}`},
		{"", call{method: "GET", path: "/get/p"}, 200, `{"result":"1"}`},
		{"segments are percent-decoded alone", call{method: "GET", path: "/set/a%2Fb/x%20y"}, 200, `{"result":"OK"}`},
		{"", call{method: "GET", path: "/get/a%2Fb"}, 200, `{"result":"x y"}`},
		{"POST body is the last argument, query after it", call{path: "/set/doc?EX=100&_token=ignored", body: "{\"a\": [1, 2]}"}, 200, `{"result":"OK"}`},
		{"", call{method: "GET", path: "/get/doc"}, 200, `{"result":"{\"a\": [1, 2]}"}`},
		{"", call{method: "GET", path: "/strlen/doc"}, 200, `{"result":13}`},
		{"flag query parameters", call{method: "GET", path: "/set/doc/new?NX"}, 200, `{"result":null}`},
		{"upstash commands reach miniredis", call{method: "GET", path: "/ping"}, 200, `{"result":"PONG"}`},
		{"subscribing is an endpoint, not a command", call{body: `["SUBSCRIBE","c"]`}, 400, `{"error":"ERR SUBSCRIBE is not supported over REST: use the /subscribe/<channel> endpoint"}`},
	})
}

// With Upstash-Encoding: base64 (the SDK's default) every string is base64 at
// every depth, except a command's top-level "OK", which Upstash sends raw.
// Integers and null are untouched; errors are never encoded.
func TestBase64Encoding(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	b64 := map[string]string{"Upstash-Encoding": "base64"}
	runExchanges(t, hs, []exchange{
		{"top-level OK stays raw", call{body: `["SET","k","héllo"]`, header: b64}, 200, `{"result":"OK"}`},
		{"bulk strings", call{body: `["GET","k"]`, header: b64}, 200, `{"result":"aMOpbGxv"}`},
		{"other status replies", call{body: `["PING"]`, header: b64}, 200, `{"result":"UE9ORw=="}`},
		{"a bulk OK is encoded", call{body: `["ECHO","OK"]`, header: b64}, 200, `{"result":"T0s="}`},
		{"integers", call{body: `["RPUSH","l","OK","x"]`, header: b64}, 200, `{"result":2}`},
		{"an OK inside an array is encoded", call{body: `["LRANGE","l",0,-1]`, header: b64}, 200, `{"result":["T0s=","eA=="]}`},
		{"null", call{body: `["GET","missing"]`, header: b64}, 200, `{"result":null}`},
		{"errors are not encoded", call{body: `["INCR","k"]`, header: b64}, 400, `{"error":"ERR value is not an integer or out of range"}`},
		{"pipelines, each entry at top level", call{path: "/pipeline", body: `[["SET","a","b"],["GET","a"],["LRANGE","l",0,0],["LPOP","a"]]`, header: b64}, 200,
			`[{"result":"OK"},{"result":"Yg=="},{"result":["T0s="]},{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"}]`},
		{"unknown encodings are refused", call{body: `["PING"]`, header: map[string]string{"Upstash-Encoding": "hex"}}, 400, `{"error":"ERR Upstash-Encoding \"hex\" not supported (want base64)"}`},
	})
}

// Upstash-Response-Format: resp2 answers with the raw RESP2 bytes.
func TestResp2Format(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	resp2 := map[string]string{"Upstash-Response-Format": "resp2"}
	runExchanges(t, hs, []exchange{
		{"status", call{body: `["SET","k","v"]`, header: resp2}, 200, "+OK\r\n"},
		{"bulk", call{body: `["GET","k"]`, header: resp2}, 200, "$1\r\nv\r\n"},
		{"null", call{body: `["GET","nope"]`, header: resp2}, 200, "$-1\r\n"},
		{"error", call{body: `["INCR","k"]`, header: resp2}, 400, "-ERR value is not an integer or out of range\r\n"},
		{"pipeline replies back to back", call{path: "/pipeline", body: `[["INCR","n"],["GET","k"]]`, header: resp2}, 200, ":1\r\n$1\r\nv\r\n"},
		{"multi-exec is the EXEC reply", call{path: "/multi-exec", body: `[["INCR","n"],["GET","k"]]`, header: resp2}, 200, "*2\r\n:2\r\n$1\r\nv\r\n"},
		{"not with base64", call{body: `["GET","k"]`, header: map[string]string{"Upstash-Response-Format": "resp2", "Upstash-Encoding": "base64"}}, 400,
			`{"error":"ERR Upstash-Response-Format: resp2 cannot be combined with Upstash-Encoding: base64"}`},
	})
	got := send(t, hs, call{body: `["GET","k"]`, header: resp2})
	if ct := got.header.Get("Content-Type"); ct != "application/octet-stream" {
		t.Errorf("resp2 Content-Type %q, want application/octet-stream", ct)
	}
}

// Every answer carries an upstash-sync-token, which the SDK echoes.
func TestSyncToken(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	first := send(t, hs, call{body: `["SET","k","v"]`}).header.Get("upstash-sync-token")
	second := send(t, hs, call{body: `["GET","k"]`, header: map[string]string{"upstash-sync-token": first}}).header.Get("upstash-sync-token")
	if first == "" || second == "" || first == second {
		t.Errorf("sync tokens %q then %q, want two different non-empty tokens", first, second)
	}
	if ct := send(t, hs, call{body: `["GET","k"]`}).header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
}
