package upstream

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzRequest throws arbitrary paths, bodies and encodings at the API: it
// must never panic, must answer JSON (or RESP2 when asked) with a known
// status, and must keep answering afterwards.
func FuzzRequest(f *testing.F) {
	seeds := []struct {
		method, path, body string
		enc                uint8
	}{
		{"POST", "/", `["SET","k","v","EX",60]`, 0},
		{"POST", "/", `["HSET","h","a",1,"b",2.5]`, 1},
		{"POST", "/", `["HGETALL","h"]`, 1},
		{"POST", "/pipeline", `[["SET","a","OK"],["LRANGE","l",0,-1],["INCR","a"]]`, 1},
		{"POST", "/multi-exec", `[["INCR","n"],["NOPE"]]`, 0},
		{"POST", "/multi-exec", `[["RPUSH","l","x"],["LPOP","l"]]`, 2},
		{"GET", "/set/a%2Fb/x%20y", "", 0},
		{"POST", "/set/doc?EX=10&_token=x&NX", "{\"a\":1}", 1},
		{"POST", "/", `{"cmd":"GET"}`, 0},
		{"POST", "/", `["SET","k",true]`, 0},
		{"POST", "/", `[]`, 0},
		{"POST", "/", `["EVAL","return {1,'OK',{2}}",0]`, 1},
		{"POST", "/", `["BLPOP","q",1]`, 0},
		{"POST", "/", `["EVAL","local i = 0 while true do i = i + 1 end",0]`, 0},
		{"POST", "/", `["SETRANGE","k",5000000000,"x"]`, 0},
		{"POST", "/", `["BITFIELD"]`, 0},
		{"GET", "/%zz", "", 0},
		{"PUT", "/", "", 0},
		{"POST", "/", "[\"SET\",\"k\",\"\xff\xfe\"]", 1},
		{"POST", "/pipeline", `[["SELECT",1],["FLUSHDB"],["HELLO",3]]`, 0},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body, s.enc)
	}
	// The memory limit puts every command through its estimate; the
	// script limit ends a fuzzed endless loop in time.
	srv, err := New(Config{Token: testToken, ReadOnlyToken: testReadOnly, MaxBodyBytes: 64 << 10,
		MaxMemory: 1 << 30, ScriptTimeout: 50 * time.Millisecond})
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()

	f.Fuzz(func(t *testing.T, method, path, body string, enc uint8) {
		if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "/subscribe") || strings.HasPrefix(path, "/psubscribe") || strings.HasPrefix(path, "/monitor") {
			path = "/" + strings.TrimLeft(path, "/")
		}
		if strings.HasPrefix(path, "/subscribe") || strings.HasPrefix(path, "/psubscribe") || strings.HasPrefix(path, "/monitor") {
			return // streams never end on their own
		}
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		if u, err := req.URL.Parse(path); err == nil && u.Path != "" {
			req.URL = u
			req.RequestURI = u.RequestURI()
		}
		if m := strings.ToUpper(method); len(m) > 0 && len(m) < 10 && strings.Trim(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
			req.Method = m
		}
		req.Header.Set("Authorization", "Bearer "+[]string{testToken, testReadOnly}[enc>>7])
		if enc&1 != 0 {
			req.Header.Set("Upstash-Encoding", "base64")
		}
		if enc&2 != 0 {
			req.Header.Set("Upstash-Response-Format", "resp2")
		}
		// Blocking commands wait at most this long: long enough to block, short
		// enough that minimizing an input that blocks does not stall fuzzing.
		ctx, cancel := context.WithTimeout(req.Context(), 5*time.Millisecond)
		defer cancel()
		rec := httptest.NewRecorder()
		wd := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("slow: %s %q %q", req.Method, path, body)) })
		h.ServeHTTP(rec, req.WithContext(ctx))
		wd.Stop()
		switch rec.Code {
		case 200, 400, 401, 405, 413, 503:
		default:
			t.Fatalf("%s %s %q: status %d %s", req.Method, path, body, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" && ct != "application/octet-stream" {
			t.Fatalf("%s %s %q: Content-Type %q", req.Method, path, body, ct)
		}

		ping := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`["ECHO","alive"]`))
		ping.Header.Set("Authorization", "Bearer "+testToken)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, ping)
		if rec.Code != 200 || rec.Body.String() != `{"result":"alive"}` {
			t.Fatalf("after %s %s %q the server answers %d %s", req.Method, path, body, rec.Code, rec.Body)
		}
	})
}
