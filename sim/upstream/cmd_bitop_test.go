package upstream

import (
	"net/http"
	"testing"
)

// BITOP DIFF, DIFF1, ANDOR and ONE (Redis 8.2), byte by byte over "a"
// 0x61, "b" 0x62 and "c" 0x63; a shorter source counts as zero bytes.
func TestBitopNewOperations(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["MSET","a","a","b","b","c","c","ab","ab"]`, want: `"OK"`},
		// DIFF: the first source's bits in none of the others.
		{cmd: `["BITOP","DIFF","d","a","b"]`, want: `1`},
		{cmd: `["GET","d"]`, want: `"\u0001"`},
		// DIFF1: the others' bits not in the first.
		{cmd: `["BITOP","DIFF1","d","a","b"]`, want: `1`},
		{cmd: `["GET","d"]`, want: `"\u0002"`},
		// ANDOR: the first source's bits in at least one other.
		{cmd: `["BITOP","ANDOR","d","a","b","c"]`, want: `1`},
		{cmd: `["GET","d"]`, want: `"a"`},
		// ONE: the bits set in exactly one source.
		{cmd: `["BITOP","ONE","d","a","b"]`, want: `1`},
		{cmd: `["GET","d"]`, want: `"\u0003"`},
		{cmd: `["BITOP","ONE","d","a","b","c"]`, want: `1`},
		{cmd: `["GET","d"]`, want: `"\u0000"`},
		{cmd: `["BITOP","ONE","d","a","ab"]`, want: `2`},
		{cmd: `["GET","d"]`, want: `"\u0000b"`},
		{cmd: `["BITOP","DIFF","d","none","a"]`, want: `1`},
		{cmd: `["GET","d"]`, want: `"\u0000"`},
		{cmd: `["BITOP","ONE","d","none"]`, want: `0`},
		{cmd: `["EXISTS","d"]`, want: `0`},
		// The older operations are miniredis' own.
		{cmd: `["BITOP","AND","d","a","b"]`, want: `1`},
		{cmd: `["GET","d"]`, want: `"` + "`" + `"`},
	})
	runExchanges(t, hs, []exchange{
		{"one source", call{body: `["BITOP","DIFF","d","a"]`}, http.StatusBadRequest, `{"error":"ERR BITOP DIFF must be called with at least two source keys."}`},
	})
	runSteps(t, hs, []step{{cmd: `["HSET","h","f","v"]`, want: `1`}})
	runExchanges(t, hs, []exchange{
		{"a hash", call{body: `["BITOP","ONE","d","a","h"]`}, http.StatusBadRequest, `{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"}`},
	})
}
