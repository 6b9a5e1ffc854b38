package upstream

import (
	"net/http"
	"testing"
)

// ZDIFF answers the members of the first sorted set that are in none of
// the others, in score order; a plain set counts with every score 1.
// ZDIFFSTORE stores that in a key, replacing what was there.
func TestZDiff(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["ZADD","z1",1,"one",2,"two",3,"three"]`, want: `3`},
		{cmd: `["ZADD","z2",1,"one",2,"two"]`, want: `2`},
		{cmd: `["SADD","s","three","zzz"]`, want: `2`},
		{cmd: `["ZDIFF",2,"z1","z2"]`, want: `["three"]`},
		{cmd: `["ZDIFF",2,"z1","z2","WITHSCORES"]`, want: `["three","3"]`},
		{cmd: `["ZDIFF",1,"z1"]`, want: `["one","two","three"]`},
		{cmd: `["ZDIFF",2,"z1","none"]`, want: `["one","two","three"]`},
		{cmd: `["ZDIFF",3,"z1","z2","s"]`, want: `[]`},
		{cmd: `["ZDIFF",2,"s","z1","WITHSCORES"]`, want: `["zzz","1"]`},
		{cmd: `["ZDIFF",2,"none","z1"]`, want: `[]`},

		{cmd: `["SET","dst","old"]`, want: `"OK"`},
		{cmd: `["EXPIRE","dst",100]`, want: `1`},
		{cmd: `["ZDIFFSTORE","dst",2,"z1","z2"]`, want: `1`},
		{cmd: `["ZRANGE","dst",0,-1,"WITHSCORES"]`, want: `["three","3"]`},
		{cmd: `["TTL","dst"]`, want: `-1`},
		{cmd: `["ZDIFFSTORE","dst",2,"z2","z1"]`, want: `0`},
		{cmd: `["EXISTS","dst"]`, want: `0`},
	})
	runExchanges(t, hs, []exchange{
		{"no keys", call{body: `["ZDIFF",0,"z1"]`}, http.StatusBadRequest, `{"error":"ERR at least 1 input key is needed for 'zdiff' command"}`},
		{"too few keys", call{body: `["ZDIFF",3,"z1","z2"]`}, http.StatusBadRequest, `{"error":"ERR syntax error"}`},
		{"not a number", call{body: `["ZDIFFSTORE","d","two","z1"]`}, http.StatusBadRequest, `{"error":"ERR value is not an integer or out of range"}`},
		{"a string", call{body: `["ZDIFF",2,"z1","str"]`}, http.StatusOK, `{"result":["one","two","three"]}`},
	})
	runSteps(t, hs, []step{{cmd: `["SET","str","v"]`, want: `"OK"`}})
	runExchanges(t, hs, []exchange{
		{"a string", call{body: `["ZDIFF",2,"z1","str"]`}, http.StatusBadRequest, `{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"}`},
	})
}
