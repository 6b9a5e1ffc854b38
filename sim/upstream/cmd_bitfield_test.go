package upstream

import (
	"net/http"
	"testing"
)

// BITFIELD reads and writes integers of any width at any bit offset of a
// string, the first bit the most significant of the first byte: "a" is
// 0x61, 0110 0001.
func TestBitfield(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["SET","s","a"]`, want: `"OK"`},
		{cmd: `["BITFIELD","s","GET","u4",0,"GET","u4",4,"GET","i4",0,"GET","u1",1]`, want: `[6,1,6,1]`},
		{cmd: `["BITFIELD","s","GET","i2",0,"GET","u8",8]`, want: `[1,0]`},
		{cmd: `["BITFIELD","s","SET","u8",0,98]`, want: `[97]`},
		{cmd: `["GET","s"]`, want: `"b"`},

		// Writes grow the string with zero bytes; an offset #n counts in
		// widths of the type.
		{cmd: `["BITFIELD","n","SET","u8","#1",255,"GET","u16",0]`, want: `[0,255]`},
		{cmd: `["STRLEN","n"]`, want: `2`},
		{cmd: `["BITFIELD","n","SET","i8",0,-1,"GET","u8",0,"GET","i8",0]`, want: `[0,255,-1]`},
		{cmd: `["BITFIELD","n","SET","i64",64,-9007199254740992,"GET","i64",64]`, want: `[0,-9007199254740992]`},

		// INCRBY answers the new value; OVERFLOW wraps (the default),
		// saturates or refuses, for the operations after it.
		{cmd: `["BITFIELD","c","INCRBY","u2",0,3,"INCRBY","u2",0,1]`, want: `[3,0]`},
		{cmd: `["BITFIELD","c","OVERFLOW","SAT","INCRBY","u2",0,5,"INCRBY","i4",4,-100]`, want: `[3,-8]`},
		{cmd: `["BITFIELD","c","OVERFLOW","FAIL","INCRBY","u2",0,1,"SET","i4",4,8,"GET","i4",4]`, want: `[null,null,-8]`},
		{cmd: `["BITFIELD","c","INCRBY","i4",4,-1]`, want: `[7]`},

		// BITFIELD_RO reads alone; neither reads a missing key into being.
		{cmd: `["BITFIELD_RO","s","GET","u8",0]`, want: `[98]`},
		{cmd: `["BITFIELD_RO","none","GET","u8",0]`, want: `[0]`},
		{cmd: `["BITFIELD","none","GET","u8",0]`, want: `[0]`},
		{cmd: `["EXISTS","none"]`, want: `0`},
		{cmd: `["BITFIELD","s"]`, want: `[]`},
	})
	runExchanges(t, hs, []exchange{
		{"u64", call{body: `["BITFIELD","s","GET","u64",0]`}, http.StatusBadRequest, `{"error":"ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."}`},
		{"bad offset", call{body: `["BITFIELD","s","GET","u8",-1]`}, http.StatusBadRequest, `{"error":"ERR bit offset is not an integer or out of range"}`},
		{"bad overflow", call{body: `["BITFIELD","s","OVERFLOW","UP","GET","u8",0]`}, http.StatusBadRequest, `{"error":"ERR Invalid OVERFLOW type specified"}`},
		{"missing argument", call{body: `["BITFIELD","s","SET","u8",0]`}, http.StatusBadRequest, `{"error":"ERR syntax error"}`},
		{"RO writes", call{body: `["BITFIELD_RO","s","SET","u8",0,1]`}, http.StatusBadRequest, `{"error":"ERR BITFIELD_RO only supports the GET subcommand"}`},
		{"not a string", call{body: `["BITFIELD","h","GET","u8",0]`}, http.StatusOK, `{"result":[0]}`},
	})
	runSteps(t, hs, []step{{cmd: `["HSET","h","f","v"]`, want: `1`}})
	runExchanges(t, hs, []exchange{
		{"a hash", call{body: `["BITFIELD","h","GET","u8",0]`}, http.StatusBadRequest, `{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"}`},
	})
}
