package upstream

import (
	"net/http"
	"testing"
)

// XDELEX deletes entries under a policy for the groups' references: per ID
// -1 when there is no such entry, 1 when deleted, 2 when ACKED kept it
// because a group has it pending or has not delivered it yet.
func TestXDelEx(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["XADD","s","1-0","a","1"]`, want: `"1-0"`},
		{cmd: `["XADD","s","2-0","a","2"]`, want: `"2-0"`},
		{cmd: `["XADD","s","3-0","a","3"]`, want: `"3-0"`},
		{cmd: `["XGROUP","CREATE","s","g","0"]`, want: `"OK"`},
		{cmd: `["XREADGROUP","GROUP","g","c","COUNT",1,"STREAMS","s",">"]`, want: `[["s",[["1-0",["a","1"]]]]]`},

		{cmd: `["XDELEX","s","ACKED","IDS",3,"1-0","2-0","9-0"]`, want: `[2,2,-1]`},
		{cmd: `["XACK","s","g","1-0"]`, want: `1`},
		{cmd: `["XDELEX","s","ACKED","IDS",1,"1-0"]`, want: `[1]`},
		{cmd: `["XREADGROUP","GROUP","g","c","COUNT",1,"STREAMS","s",">"]`, want: `[["s",[["2-0",["a","2"]]]]]`},
		{cmd: `["XDELEX","s","IDS",1,"2-0"]`, want: `[1]`},
		{cmd: `["XPENDING","s","g","-","+",10]`, want: `[["2-0","c","~999",1]]`},
		{cmd: `["XADD","s","4-0","a","4"]`, want: `"4-0"`},
		{cmd: `["XREADGROUP","GROUP","g","c","COUNT",1,"STREAMS","s",">"]`, want: `[["s",[["3-0",["a","3"]]]]]`},
		{cmd: `["XDELEX","s","DELREF","IDS",1,"3-0"]`, want: `[1]`},
		{cmd: `["XPENDING","s","g","-","+",10]`, want: `[["2-0","c","~999",1]]`},
		{cmd: `["XLEN","s"]`, want: `1`},
		{cmd: `["XDELEX","none","IDS",1,"1-0"]`, want: `[-1]`},
	})
	runExchanges(t, hs, []exchange{
		{"count off", call{body: `["XDELEX","s","IDS",2,"1-0"]`}, http.StatusBadRequest, "{\"error\":\"ERR The `numids` parameter must match the number of arguments\"}"},
		{"no IDS", call{body: `["XDELEX","s","KEEPREF","1-0"]`}, http.StatusBadRequest, `{"error":"ERR syntax error"}`},
		{"bad ID", call{body: `["XDELEX","s","IDS",1,"x"]`}, http.StatusBadRequest, `{"error":"ERR Invalid stream ID specified as stream command argument"}`},
	})
}

// XACKDEL acknowledges in one group and deletes as XDELEX does; -1 for an
// ID the group did not have pending.
func TestXAckDel(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["XADD","s","1-0","a","1"]`, want: `"1-0"`},
		{cmd: `["XADD","s","2-0","a","2"]`, want: `"2-0"`},
		{cmd: `["XGROUP","CREATE","s","g1","0"]`, want: `"OK"`},
		{cmd: `["XGROUP","CREATE","s","g2","0"]`, want: `"OK"`},
		{cmd: `["XREADGROUP","GROUP","g1","c","COUNT",10,"STREAMS","s",">"]`, want: `[["s",[["1-0",["a","1"]],["2-0",["a","2"]]]]]`},
		{cmd: `["XACKDEL","s","g1","ACKED","IDS",2,"1-0","9-0"]`, want: `[2,-1]`},
		{cmd: `["XLEN","s"]`, want: `2`},
		{cmd: `["XACKDEL","s","g1","IDS",1,"2-0"]`, want: `[1]`},
		{cmd: `["XLEN","s"]`, want: `1`},
		{cmd: `["XACKDEL","s","g1","IDS",1,"2-0"]`, want: `[-1]`},
		{cmd: `["XACKDEL","none","g1","IDS",1,"2-0"]`, want: `[-1]`},
	})
	runExchanges(t, hs, []exchange{
		{"no group", call{body: `["XACKDEL","s","nog","IDS",1,"1-0"]`}, http.StatusOK, `{"result":[-1]}`},
	})
}

// XGROUP SETID moves a group's last delivered ID, so it delivers again
// from there; miniredis cannot move it with entries pending, so that is
// refused.
func TestXGroupSetID(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["XADD","s","1-0","a","1"]`, want: `"1-0"`},
		{cmd: `["XADD","s","2-0","a","2"]`, want: `"2-0"`},
		{cmd: `["XGROUP","CREATE","s","g","$"]`, want: `"OK"`},
		{cmd: `["XGROUP","CREATECONSUMER","s","g","c"]`, want: `1`},
		{cmd: `["XGROUP","SETID","s","g","1-0"]`, want: `"OK"`},
		{cmd: `["XINFO","CONSUMERS","s","g"]`, want: `[["name","c","pending",0,"idle",-1,"inactive",-1]]`},
		{cmd: `["XREADGROUP","GROUP","g","c","STREAMS","s",">"]`, want: `[["s",[["2-0",["a","2"]]]]]`},
	})
	runExchanges(t, hs, []exchange{
		{"pending", call{body: `["XGROUP","SETID","s","g","0"]`}, http.StatusBadRequest, `{"error":"ERR XGROUP SETID with entries pending is not supported by this simulator"}`},
		{"no stream", call{body: `["XGROUP","SETID","none","g","0"]`}, http.StatusBadRequest, `{"error":"ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."}`},
	})
}
