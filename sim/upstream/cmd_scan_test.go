package upstream

import (
	"testing"
	"time"
)

// SCAN ... WITHTYPE, Upstash's form, answers each key with its type; the
// TYPE filter keeps keys of one type. Neither lists an expired key.
func TestScanWithType(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["SET","s","v"]`, want: `"OK"`},
		{cmd: `["HSET","h","f","v"]`, want: `1`},
		{cmd: `["SET","gone","v","PX",1]`, want: `"OK"`},
		{wait: 20 * time.Millisecond},
		{cmd: `["SCAN",0,"WITHTYPE"]`, want: `["0",["h","hash","s","string"]]`},
		{cmd: `["SCAN",0,"MATCH","h*","COUNT",10,"withtype"]`, want: `["0",["h","hash"]]`},
		{cmd: `["SCAN",0,"TYPE","string"]`, want: `["0",["s"]]`},
		{cmd: `["EVAL","return redis.call('SCAN', 0, 'WITHTYPE')","0"]`, want: `["0",["h","hash","s","string"]]`},
		{cmd: `[["SCAN",0,"TYPE","hash","WITHTYPE"]]`, path: "/multi-exec", want: `[["0",["h","hash"]]]`},
	})
}
