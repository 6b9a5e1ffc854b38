package upstream

import (
	"net/http"
	"testing"
	"time"
)

// A document is set at the root and read back as compact JSON text, its
// members in the order they were added. A $-path answers the array of its
// matches; a legacy path (no $) answers its first match.
func TestJSONSetGet(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["JSON.SET","doc","$","{\"name\":\"ada\",\"tags\":[\"a\",\"b\"],\"n\":1,\"in\":{\"n\":2}}"]`, want: `"OK"`},
		{cmd: `["JSON.GET","doc"]`, want: `"{\"name\":\"ada\",\"tags\":[\"a\",\"b\"],\"n\":1,\"in\":{\"n\":2}}"`},
		{cmd: `["JSON.GET","doc","$"]`, want: `"[{\"name\":\"ada\",\"tags\":[\"a\",\"b\"],\"n\":1,\"in\":{\"n\":2}}]"`},
		{cmd: `["JSON.GET","doc","$.name"]`, want: `"[\"ada\"]"`},
		{cmd: `["JSON.GET","doc",".name"]`, want: `"\"ada\""`},
		{cmd: `["JSON.GET","doc","name"]`, want: `"\"ada\""`},
		{cmd: `["JSON.GET","doc","$.tags[-1]"]`, want: `"[\"b\"]"`},
		{cmd: `["JSON.GET","doc","$['tags'][0]"]`, want: `"[\"a\"]"`},
		{cmd: `["JSON.GET","doc","$..n"]`, want: `"[1,2]"`},
		{cmd: `["JSON.GET","doc","$.missing"]`, want: `"[]"`},
		{cmd: `["JSON.GET","doc","$.name","$.n"]`, want: `"{\"$.name\":[\"ada\"],\"$.n\":[1]}"`},
		{cmd: `["JSON.GET","doc",".name",".n"]`, want: `"{\".name\":\"ada\",\".n\":1}"`},
		{cmd: `["JSON.GET","doc","INDENT","  ","NEWLINE","\n","SPACE"," ","$.in"]`, want: `"[\n  {\n    \"n\": 2\n  }\n]"`},
		{cmd: `["JSON.GET","none"]`, want: `null`},

		// Setting a path replaces every match, or adds the member its last
		// step names to an existing object.
		{cmd: `["JSON.SET","doc","$..n","0"]`, want: `"OK"`},
		{cmd: `["JSON.SET","doc","$.in.new","true"]`, want: `"OK"`},
		{cmd: `["JSON.GET","doc","$.in"]`, want: `"[{\"n\":0,\"new\":true}]"`},
		{cmd: `["JSON.SET","doc","$.no.such","1"]`, want: `null`},
		{cmd: `["JSON.SET","doc","$.name","\"bob\"","NX"]`, want: `null`},
		{cmd: `["JSON.SET","doc","$.age","7","XX"]`, want: `null`},
		{cmd: `["JSON.SET","doc","$.age","7","NX"]`, want: `"OK"`},
		{cmd: `["JSON.SET","new","$","[]","XX"]`, want: `null`},

		// Numbers are kept as RedisJSON prints them.
		{cmd: `["JSON.SET","num","$","[1.50,1e2,-0,12345678901234567890]"]`, want: `"OK"`},
		{cmd: `["JSON.GET","num"]`, want: `"[1.5,100.0,0,1.2345678901234567e19]"`},

		// Several keys at once: MSET sets all, MGET answers per key.
		{cmd: `["JSON.MSET","m1","$","{\"v\":1}","m2","$","{\"v\":2}"]`, want: `"OK"`},
		{cmd: `["JSON.MGET","m1","m2","none","$.v"]`, want: `["[1]","[2]",null]`},

		// MERGE applies a JSON merge patch: null deletes, objects merge.
		{cmd: `["JSON.MERGE","m1","$","{\"v\":null,\"w\":{\"x\":1}}"]`, want: `"OK"`},
		{cmd: `["JSON.MERGE","m1","$.w","{\"y\":2}"]`, want: `"OK"`},
		{cmd: `["JSON.GET","m1"]`, want: `"{\"w\":{\"x\":1,\"y\":2}}"`},
	})
	runExchanges(t, hs, []exchange{
		{"legacy path with no match", call{body: `["JSON.GET","doc",".nope"]`}, http.StatusBadRequest, `{"error":"ERR Path '.nope' does not exist"}`},
		{"new key below the root", call{body: `["JSON.SET","fresh","$.a","1"]`}, http.StatusBadRequest, `{"error":"ERR new objects must be created at the root"}`},
		{"not JSON", call{body: `["JSON.SET","doc","$","{nope"]`}, http.StatusBadRequest, `{"error":"ERR expected value: the argument is not valid JSON"}`},
		{"bad path", call{body: `["JSON.GET","doc","$[?(@.a>1)]"]`}, http.StatusBadRequest, `{"error":"ERR invalid JSONPath"}`},
		{"MSET is all or none", call{body: `["JSON.MSET","m3","$","1","m4","$.a","1"]`}, http.StatusBadRequest, `{"error":"ERR new objects must be created at the root"}`},
		{"none was set", call{body: `["EXISTS","m3"]`}, http.StatusOK, `{"result":0}`},
		{"arity", call{body: `["JSON.SET","doc","$"]`}, http.StatusBadRequest, `{"error":"ERR wrong number of arguments for 'json.set' command"}`},
	})
}

// A document lives in a string key, so a string that is not JSON is the
// wrong type, and the key's TTL stays through JSON writes.
func TestJSONKeys(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["SET","plain","hello"]`, want: `"OK"`},
		{cmd: `["JSON.SET","doc","$","{\"a\":1}"]`, want: `"OK"`},
		{cmd: `["EXPIRE","doc",100]`, want: `1`},
		{cmd: `["JSON.NUMINCRBY","doc","$.a",1]`, want: `"[2]"`},
		{cmd: `["JSON.SET","doc","$.b","[]"]`, want: `"OK"`},
		{cmd: `["TTL","doc"]`, want: `100`},
		{cmd: `["PEXPIRE","doc",50]`, want: `1`},
		{wait: 100 * time.Millisecond},
		{cmd: `["JSON.GET","doc"]`, want: `null`},
		{cmd: `["EXISTS","doc"]`, want: `0`},
		{cmd: `["JSON.DEL","doc"]`, want: `0`},
	})
	runExchanges(t, hs, []exchange{
		{"a string that is not JSON", call{body: `["JSON.GET","plain"]`}, http.StatusBadRequest, `{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"}`},
		{"a list", call{body: `["JSON.GET","l"]`}, http.StatusOK, `{"result":null}`},
	})
}

// The commands on values answer, for a $-path, one reply per match (nil
// where the match has the wrong type) and, for a legacy path, the first
// match's reply, an error where it has the wrong type.
func TestJSONValueCommands(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["JSON.SET","d","$","{\"s\":\"ab\",\"n\":2,\"f\":1.5,\"b\":true,\"z\":null,\"a\":[1,2,3],\"o\":{\"k\":1}}"]`, want: `"OK"`},
		{cmd: `["JSON.TYPE","d"]`, want: `"object"`},
		{cmd: `["JSON.TYPE","d","$.*"]`, want: `["string","integer","number","boolean","null","array","object"]`},
		{cmd: `["JSON.TYPE","d",".nope"]`, want: `null`},
		{cmd: `["JSON.TYPE","none"]`, want: `null`},

		{cmd: `["JSON.STRLEN","d","$.s"]`, want: `[2]`},
		{cmd: `["JSON.STRLEN","d","$.n"]`, want: `[null]`},
		{cmd: `["JSON.STRAPPEND","d","$.s","\"cd\""]`, want: `[4]`},
		{cmd: `["JSON.STRAPPEND","d",".s","\"e\""]`, want: `5`},
		{cmd: `["JSON.GET","d",".s"]`, want: `"\"abcde\""`},

		{cmd: `["JSON.NUMINCRBY","d","$.n",3]`, want: `"[5]"`},
		{cmd: `["JSON.NUMINCRBY","d",".n",1]`, want: `"6"`},
		{cmd: `["JSON.NUMINCRBY","d","$.f","1"]`, want: `"[2.5]"`},
		{cmd: `["JSON.NUMMULTBY","d","$.n","0.5"]`, want: `"[3.0]"`},
		{cmd: `["JSON.NUMINCRBY","d","$.s",1]`, want: `"[null]"`},

		{cmd: `["JSON.TOGGLE","d","$.b"]`, want: `[0]`},
		{cmd: `["JSON.TOGGLE","d",".b"]`, want: `"true"`},
		{cmd: `["JSON.TOGGLE","d","$.n"]`, want: `[null]`},

		{cmd: `["JSON.OBJKEYS","d","$.o"]`, want: `[["k"]]`},
		{cmd: `["JSON.OBJKEYS","d",".o"]`, want: `["k"]`},
		{cmd: `["JSON.OBJLEN","d","$"]`, want: `[7]`},
		{cmd: `["JSON.OBJLEN","d","$.a"]`, want: `[null]`},

		{cmd: `["JSON.RESP","d","$.o"]`, want: `[["{","k",1]]`},
		{cmd: `["JSON.RESP","d",".a"]`, want: `["[",1,2,3]`},

		{cmd: `["JSON.CLEAR","d","$.*"]`, want: `4`},
		{cmd: `["JSON.GET","d","$.a","$.o","$.f"]`, want: `"{\"$.a\":[[]],\"$.o\":[{}],\"$.f\":[0]}"`},
		{cmd: `["JSON.DEL","d","$.s"]`, want: `1`},
		{cmd: `["JSON.FORGET","d","$.nope"]`, want: `0`},
		{cmd: `["JSON.DEL","d","$"]`, want: `1`},
		{cmd: `["EXISTS","d"]`, want: `0`},
	})
	runExchanges(t, hs, []exchange{
		{"legacy path of the wrong type", call{body: `["JSON.STRLEN","x",".a"]`}, http.StatusOK, `{"result":null}`},
		{"a write on no key", call{body: `["JSON.STRAPPEND","none","$.s","\"x\""]`}, http.StatusBadRequest, `{"error":"ERR could not perform this operation on a key that doesn't exist"}`},
	})
	runSteps(t, hs, []step{{cmd: `["JSON.SET","x","$","{\"a\":1}"]`, want: `"OK"`}})
	runExchanges(t, hs, []exchange{
		{"legacy path of the wrong type", call{body: `["JSON.STRLEN","x",".a"]`}, http.StatusBadRequest, `{"error":"WRONGTYPE wrong type of path value - expected string but found integer"}`},
	})
}

// Arrays: append, insert, find, pop and trim, with Python-style negative
// indexes.
func TestJSONArrays(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["JSON.SET","a","$","{\"l\":[1,2],\"m\":{\"l\":[]}}"]`, want: `"OK"`},
		{cmd: `["JSON.ARRAPPEND","a","$..l","3","\"x\""]`, want: `[4,2]`},
		{cmd: `["JSON.ARRLEN","a","$..l"]`, want: `[4,2]`},
		{cmd: `["JSON.ARRLEN","a",".l"]`, want: `4`},
		{cmd: `["JSON.ARRINSERT","a","$.l",0,"0"]`, want: `[5]`},
		{cmd: `["JSON.ARRINSERT","a","$.l",-1,"9"]`, want: `[6]`},
		{cmd: `["JSON.GET","a",".l"]`, want: `"[0,1,2,3,9,\"x\"]"`},
		{cmd: `["JSON.ARRINDEX","a","$.l","\"x\""]`, want: `[5]`},
		{cmd: `["JSON.ARRINDEX","a","$.l","2",3]`, want: `[-1]`},
		{cmd: `["JSON.ARRINDEX","a",".l","9",-3,0]`, want: `4`},
		{cmd: `["JSON.ARRPOP","a","$.l"]`, want: `["\"x\""]`},
		{cmd: `["JSON.ARRPOP","a",".l",0]`, want: `"0"`},
		{cmd: `["JSON.ARRPOP","a","$.m.l",0]`, want: `["3"]`},
		{cmd: `["JSON.ARRPOP","a","$.m"]`, want: `[null]`},
		{cmd: `["JSON.ARRTRIM","a","$.l",1,-1]`, want: `[3]`},
		{cmd: `["JSON.GET","a"]`, want: `"{\"l\":[2,3,9],\"m\":{\"l\":[\"x\"]}}"`},
		{cmd: `["JSON.ARRTRIM","a","$.l",5,9]`, want: `[0]`},
	})
	runExchanges(t, hs, []exchange{
		{"insert out of range", call{body: `["JSON.ARRINSERT","a",".m.l",5,"1"]`}, http.StatusBadRequest, `{"error":"ERR index out of bounds"}`},
	})
}

// A JSON command runs as one step wherever a command runs: in a pipeline,
// queued in a transaction and called from a script.
func TestJSONEverywhere(t *testing.T) {
	_, hs := newTestAPI(t, Config{ReadOnlyToken: testReadOnly})
	runSteps(t, hs, []step{
		{cmd: `[["JSON.SET","p","$","[1]"],["JSON.ARRAPPEND","p","$","2"],["JSON.GET","p"]]`, want: `["OK",[2],"[1,2]"]`},
		{cmd: `[["JSON.SET","t","$","{}"],["JSON.SET","t","$.a","1"],["JSON.GET","t","$.a"]]`, path: "/multi-exec", want: `["OK","OK","[1]"]`},
		{cmd: `["EVAL","redis.call('JSON.SET', KEYS[1], '$', ARGV[1]); return redis.call('JSON.GET', KEYS[1], '$.v')","1","s","{\"v\":3}"]`, want: `"[3]"`},
		{cmd: `["EVAL","redis.call('SELECT', 2); return redis.call('JSON.SET', KEYS[1], '$', '2')","1","db2"]`, want: `"OK"`},
		{cmd: `[["SELECT",1],["JSON.SET","db1","$","1"],["SELECT",0],["EXISTS","db1","db2"],["SELECT",2],["JSON.GET","db2"]]`, want: `["OK","OK","OK",0,"OK","2"]`},
		{cmd: `[["SELECT",1],["JSON.GET","db1"]]`, want: `["OK","1"]`},
	})
	runExchanges(t, hs, []exchange{
		{"read-only token reads", call{body: `["JSON.GET","p"]`, header: map[string]string{"Authorization": "Bearer " + testReadOnly}}, http.StatusOK, `{"result":"[1,2]"}`},
		{"read-only token writes", call{body: `["JSON.SET","p","$","1"]`, header: map[string]string{"Authorization": "Bearer " + testReadOnly}}, http.StatusBadRequest, `{"error":"NOPERM this token is read-only and has no permissions to run the 'json.set' command"}`},
		{"error in a transaction", call{path: "/multi-exec", body: `[["JSON.SET","t","$.x.y","1"],["JSON.GET","t","$.zz"]]`}, http.StatusOK, `[{"result":null},{"result":"[]"}]`},
	})
}
