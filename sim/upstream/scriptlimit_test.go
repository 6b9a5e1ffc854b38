package upstream

import (
	"net/http"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// A script that never ends is stopped at ScriptTimeout with a BUSY error,
// whatever shape its endless loop takes, and the database goes on serving.
func TestScriptTimeLimit(t *testing.T) {
	_, hs := newTestAPI(t, Config{ScriptTimeout: 100 * time.Millisecond})
	busy := `{"error":"BUSY scripts ran longer than 100ms, the server's limit for the scripts of one request, and this one was stopped"}`
	loops := []struct{ name, script string }{
		{"while", "while true do end"},
		{"numeric for", "for i = 1, 1e300 do end"},
		{"generic for", "local function it() return 1 end for x in it do end"},
		{"repeat", "repeat until false"},
		{"goto", "::top:: goto top"},
		{"tail call", "local function f() return f() end return f()"},
		{"pcall that swallows the error", "while true do pcall(function() while true do end end) end"},
		{"redis calls", "while true do redis.call('INCR', KEYS[1]) end"},
	}
	for _, l := range loops {
		start := time.Now()
		got := send(t, hs, call{body: `["EVAL",` + quote(l.script) + `,"1","n"]`})
		if got.status != http.StatusBadRequest || got.body != busy {
			t.Errorf("%s: %d %s, want 400 %s", l.name, got.status, got.body, busy)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("%s: stopped after %v", l.name, took)
		}
	}
	runExchanges(t, hs, []exchange{
		{"the database still answers", call{body: `["SET","k","v"]`}, 200, `{"result":"OK"}`},
		{"a loop that ends runs as written", call{body: `["EVAL","local s = 0 for i = 1, 1000 do s = s + i end return s","0"]`}, 200, `{"result":500500}`},
	})
}

// The limit is for the scripts of one request: a pipeline of endless
// scripts holds the database about as long as one, not once per script.
func TestScriptTimeLimitPerRequest(t *testing.T) {
	const limit, n = time.Second, 5
	_, hs := newTestAPI(t, Config{ScriptTimeout: limit})
	cmds := make([]string, n)
	for i := range cmds {
		cmds[i] = `["EVAL","while true do end","0"]`
	}
	start := time.Now()
	got := send(t, hs, call{path: "/pipeline", body: "[" + strings.Join(cmds, ",") + "]"})
	took := time.Since(start)
	if got.status != http.StatusOK || strings.Count(got.body, "BUSY") != n {
		t.Errorf("pipeline of %d endless scripts: %d %s, want each stopped with BUSY", n, got.status, got.body)
	}
	if took < limit || took > (n-1)*limit {
		t.Errorf("the pipeline took %v, want at least the limit of %v and well under %v, the limit once per script", took, limit, n*limit)
	}
}

// SCRIPT KILL, sent while a script runs, stops it without waiting for the
// time limit; with no script running it answers NOTBUSY.
func TestScriptKill(t *testing.T) {
	_, hs := newTestAPI(t, Config{ScriptTimeout: time.Hour})
	runExchanges(t, hs, []exchange{
		{"nothing to kill", call{body: `["SCRIPT","KILL"]`}, 400, `{"error":"NOTBUSY No scripts in execution right now."}`},
	})
	done := make(chan answer, 1)
	go func() { done <- send(t, hs, call{body: `["EVAL","while true do end","0"]`}) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := send(t, hs, call{body: `["SCRIPT","KILL"]`})
		if got.body == `{"result":"OK"}` {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SCRIPT KILL never found the script running: last %d %s", got.status, got.body)
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case got := <-done:
		if want := `{"error":"ERR Script killed by user with SCRIPT KILL..."}`; got.body != want {
			t.Errorf("killed script answered %d %s, want %s", got.status, got.body, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the killed script did not end")
	}
}

// The server adds its ticks to scripts, but clients see their own scripts:
// SHA1s, error lines and results are those of the text they sent.
func TestScriptsKeepTheirIdentity(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	const sha = "e0e1f9fabfc9d4800c877a703b823ac0578ff8db" // SHA1 of "return 1"
	runExchanges(t, hs, []exchange{
		{"load answers the script's own SHA1", call{body: `["SCRIPT","LOAD","return 1"]`}, 200, `{"result":"` + sha + `"}`},
		{"exists knows it", call{body: `["SCRIPT","EXISTS","` + sha + `","0000"]`}, 200, `{"result":[1,0]}`},
		{"evalsha runs it", call{body: `["EVALSHA","` + sha + `","0"]`}, 200, `{"result":1}`},
		{"so does the upper-case SHA1", call{body: `["EVALSHA","` + strings.ToUpper(sha) + `","0"]`}, 200, `{"result":1}`},
		{"flush forgets it", call{body: `["SCRIPT","FLUSH"]`}, 200, `{"result":"OK"}`},
		{"evalsha after flush", call{body: `["EVALSHA","` + sha + `","0"]`}, 400, `{"error":"NOSCRIPT No matching script. Please use EVAL."}`},
		{"eval caches it again", call{body: `["EVAL","return 1","0"]`}, 200, `{"result":1}`},
		{"evalsha after eval", call{body: `["EVALSHA","` + sha + `","0"]`}, 200, `{"result":1}`},
		{"the tick is for scripts only", call{body: `["` + tickCmd + `"]`}, 400, `{"error":"ERR unknown command ` + "`" + tickCmd + "`" + `, with args beginning with: "}`},
	})
	got := send(t, hs, call{body: `["EVAL","local a = 1\nerror('boom')","0"]`})
	if !strings.Contains(got.body, ":2: boom") {
		t.Errorf("error of a script raised on its line 2: %s, want it named", got.body)
	}
}

func TestInstrument(t *testing.T) {
	tests := []struct{ src, want string }{
		{"return 1", "return 1"},
		{"while x do end", "while x do" + tick + " end"},
		{"for i=1,2 do f() end", "for i=1,2 do" + tick + " f() end"},
		{"repeat x() until y", "repeat" + tick + " x() until y"},
		{"local f = function(a, b) return a end", "local f = function(a, b)" + tick + " return a end"},
		{"function t:m(...) end", "function t:m(...)" + tick + " end"},
		{"::a:: goto a", "::a:: " + tick + "goto a"},
		{"for i = 1, 3 do local x = i if x then goto continue end ::continue:: end", "for i = 1, 3 do" + tick + " local x = i if x then " + tick + "goto continue end ::continue:: end"},
		{"do (f)() end", "do" + tick + " (f)() end"},
		{"return 'while x do end' -- do\n--[[ repeat ]] return [[do]]", "return 'while x do end' -- do\n--[[ repeat ]] return [[do]]"},
		{"local s = 'é'\r\nwhile x do end", "local s = 'é'\r\nwhile x do" + tick + " end"},
		{"local s = [[a\nb\r\nc]] --[==[\n\r\n]==] while x do end", "local s = [[a\nb\r\nc]] --[==[\n\r\n]==] while x do" + tick + " end"},
		{"local s = 'a\\\nb' while x do end", "local s = 'a\\\nb' while x do" + tick + " end"},
		{"while 'unterminated", "while 'unterminated"},
	}
	for _, tt := range tests {
		got := instrument(tt.src)
		want := tt.want
		if tt.src != "while 'unterminated" {
			want = tickPrefix + want
		}
		if got != want {
			t.Errorf("instrument(%q)\n got %q\nwant %q", tt.src, got, want)
		}
	}
}

func quote(s string) string { return string(marshal(s)) }

// Instrumenting never breaks a script that compiles.
func FuzzInstrument(f *testing.F) {
	for _, s := range []string{
		"while true do end",
		"for i = 1, 3 do if i == 2 then goto continue end local x = i ::continue:: end",
		"local t = {f = function(a) return a end} return t.f(1)",
		"repeat local x = 1 until x == 1",
		"do (print)('x') end",
		"return [==[ do ]==] .. 'repeat' -- function()\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if compiles(src) != nil {
			return
		}
		if err := compiles(instrument(src)); err != nil {
			t.Errorf("instrument(%q) no longer compiles: %v\n%s", src, err, instrument(src))
		}
	})
}

func compiles(src string) error {
	chunk, err := parse.Parse(strings.NewReader(src), "")
	if err != nil {
		return err
	}
	_, err = lua.Compile(chunk, "")
	return err
}
