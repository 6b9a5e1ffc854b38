package upstream

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// HEXPIRE, HPEXPIRE, HEXPIREAT and HPEXPIREAT set the TTL of hash fields, with the
// conditions of EXPIRE: per field -2 for no such field, 0 when the
// condition refused, 1 when set, 2 when a time already past deleted it.
func TestHashFieldExpire(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	future := time.Now().Add(time.Hour).UnixMilli()
	runSteps(t, hs, []step{
		{cmd: `["HSET","h","a","1","b","2","c","3"]`, want: `3`},
		{cmd: `["HPEXPIRE","h",5000,"FIELDS",2,"a","nope"]`, want: `[1,-2]`},
		{cmd: `["HPTTL","h","FIELDS",2,"a","b"]`, want: `["~5000",-1]`},
		{cmd: `["HPEXPIRE","h",9000,"NX","FIELDS",2,"a","b"]`, want: `[0,1]`},
		{cmd: `["HPEXPIRE","h",4000,"GT","FIELDS",2,"a","c"]`, want: `[0,0]`},
		{cmd: `["HPEXPIRE","h",7000,"GT","FIELDS",1,"a"]`, want: `[1]`},
		{cmd: `["HPEXPIRE","h",8000,"LT","FIELDS",2,"b","c"]`, want: `[1,1]`},
		{cmd: `["HPEXPIRE","h",9000,"XX","FIELDS",1,"a"]`, want: `[1]`},
		{cmd: `["HPTTL","h","FIELDS",3,"a","b","c"]`, want: `["~9000","~8000","~8000"]`},
		{cmd: fmt.Sprintf(`["HPEXPIREAT","h",%d,"FIELDS",1,"a"]`, future), want: `[1]`},
		{cmd: `["HPEXPIRETIME","h","FIELDS",1,"a"]`, want: fmt.Sprint(`[`, future, `]`)},
		{cmd: `["HEXPIRETIME","h","FIELDS",1,"a"]`, want: fmt.Sprint(`[`, (future+999)/1000, `]`)},
		{cmd: fmt.Sprintf(`["HEXPIREAT","h",%d,"FIELDS",1,"b"]`, future/1000), want: `[1]`},
		{cmd: `["HEXPIRETIME","h","FIELDS",1,"b"]`, want: fmt.Sprint(`[`, future/1000, `]`)},
		{cmd: `["HEXPIREAT","h",1,"FIELDS",1,"c"]`, want: `[2]`},
		{cmd: `["HPEXPIRE","h",0,"FIELDS",1,"b"]`, want: `[2]`},
		{cmd: `["HSET","h","b","2"]`, want: `1`},
		{cmd: `["HEXPIRE","h",100,"NX","FIELDS",2,"b","zz"]`, want: `[1,-2]`},
		{cmd: `["HTTL","h","FIELDS",1,"b"]`, want: `[100]`},
		{cmd: `["HEXPIRE","h",0,"FIELDS",1,"b"]`, want: `[2]`},
		{cmd: `["HGETALL","h"]`, want: `["a","1"]`},
		{cmd: `["HPEXPIRE","none",10,"FIELDS",1,"a"]`, want: `[-2]`},
		{cmd: `["HEXPIRETIME","none","FIELDS",1,"a"]`, want: `[-2]`},
		{cmd: `["HSET","h","p","1"]`, want: `1`},
		{cmd: `["HPEXPIRETIME","h","FIELDS",2,"p","x"]`, want: `[-1,-2]`},
	})
	runExchanges(t, hs, []exchange{
		{"no FIELDS", call{body: `["HPEXPIRE","h",10,"a"]`}, http.StatusBadRequest, `{"error":"ERR wrong number of arguments for 'hpexpire' command"}`},
		{"count off", call{body: `["HPEXPIRE","h",10,"FIELDS",2,"a"]`}, http.StatusBadRequest, "{\"error\":\"ERR The `numfields` parameter must match the number of arguments\"}"},
		{"not a number", call{body: `["HPEXPIREAT","h","soon","FIELDS",1,"a"]`}, http.StatusBadRequest, `{"error":"ERR value is not an integer or out of range"}`},
		{"not a hash", call{body: `["HPEXPIRE","s",10,"FIELDS",1,"a"]`}, http.StatusOK, `{"result":[-2]}`},
	})
}

// A field's millisecond TTL runs out on the wall clock: the field is gone,
// and the hash with its last field.
func TestHashFieldExpiresInMilliseconds(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["HSET","h","a","1","b","2"]`, want: `2`},
		{cmd: `["HPEXPIRE","h",50,"FIELDS",1,"a"]`, want: `[1]`},
		{cmd: `["HGETEX","h","PX",60000,"FIELDS",1,"b"]`, want: `["2"]`},
		{wait: 150 * time.Millisecond},
		{cmd: `["HGET","h","a"]`, want: `null`},
		{cmd: `["HGETALL","h"]`, want: `["b","2"]`},
		{cmd: `["HGETEX","h","PX",1,"FIELDS",1,"b"]`, want: `["2"]`},
		{wait: 50 * time.Millisecond},
		{cmd: `["EXISTS","h"]`, want: `0`},
	})
}

// HGETEX reads fields and sets (EX, PX, EXAT, PXAT) or removes (PERSIST)
// their TTLs; HGETDEL reads and deletes them. A missing field reads nil.
func TestHashGetEx(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	at := time.Now().Add(time.Hour).Unix()
	runSteps(t, hs, []step{
		{cmd: `["HSET","h","a","1","b","2","c","3"]`, want: `3`},
		{cmd: `["HGETEX","h","FIELDS",2,"a","x"]`, want: `["1",null]`},
		{cmd: `["HGETEX","h","EX",100,"FIELDS",2,"a","x"]`, want: `["1",null]`},
		{cmd: `["HTTL","h","FIELDS",2,"a","x"]`, want: `[100,-2]`},
		{cmd: fmt.Sprintf(`["HGETEX","h","EXAT",%d,"FIELDS",1,"b"]`, at), want: `["2"]`},
		{cmd: `["HEXPIRETIME","h","FIELDS",1,"b"]`, want: fmt.Sprint(`[`, at, `]`)},
		{cmd: `["HGETEX","h","PERSIST","FIELDS",2,"a","b"]`, want: `["1","2"]`},
		{cmd: `["HTTL","h","FIELDS",2,"a","b"]`, want: `[-1,-1]`},
		{cmd: `["HGETDEL","h","FIELDS",2,"a","x"]`, want: `["1",null]`},
		{cmd: `["HGETALL","h"]`, want: `["b","2","c","3"]`},
		{cmd: `["HGETDEL","h","FIELDS",2,"b","c"]`, want: `["2","3"]`},
		{cmd: `["EXISTS","h"]`, want: `0`},
		{cmd: `["HGETDEL","h","FIELDS",1,"b"]`, want: `[null]`},
	})
	runExchanges(t, hs, []exchange{
		{"zero time", call{body: `["HGETEX","h","EX",0,"FIELDS",1,"a"]`}, http.StatusBadRequest, `{"error":"ERR invalid expire time in 'hgetex' command"}`},
		{"no FIELDS", call{body: `["HGETDEL","h","a","b"]`}, http.StatusBadRequest, `{"error":"ERR Mandatory argument FIELDS is missing or not at the right position"}`},
	})
}

// In a transaction and in a script the commands answer as alone, and
// HTTL answers a field without a TTL too.
func TestHashFieldExpiryInScripts(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `[["HSET","h","a","1","b","2"],["HPEXPIRE","h",5000,"FIELDS",1,"a"],["HPTTL","h","FIELDS",1,"a"]]`, path: "/multi-exec", want: `[2,[1],["~5000"]]`},
		{cmd: `["EVAL","return redis.call('HPEXPIRE', KEYS[1], 3000, 'FIELDS', 1, 'b')","1","h"]`, want: `[1]`},
		{cmd: `["HPTTL","h","FIELDS",1,"b"]`, want: `["~3000"]`},
		{cmd: `["EVAL","return redis.call('HTTL', KEYS[1], 'FIELDS', 3, 'a', 'c', 'b')","1","h"]`, want: `[5,-2,3]`},
		{cmd: `["HSET","h","c","3"]`, want: `1`},
		{cmd: `["EVAL","return redis.call('HTTL', KEYS[1], 'FIELDS', 1, 'c')","1","h"]`, want: `[-1]`},
	})
}

// A field deleted (HDEL, HGETDEL) or set anew (HSET, HMSET) loses its TTL,
// as in Redis: set again, it does not come back with it. A field changed
// in place (HINCRBY) keeps its TTL.
func TestHashFieldTTLOverwritten(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["HSET","h","a","1","b","2","c","3","d","4","n","5"]`, want: `5`},
		{cmd: `["HEXPIRE","h",100,"FIELDS",5,"a","b","c","d","n"]`, want: `[1,1,1,1,1]`},
		{cmd: `["HDEL","h","a"]`, want: `1`},
		{cmd: `["HGETDEL","h","FIELDS",1,"b"]`, want: `["2"]`},
		{cmd: `["HSET","h","a","1","b","2","c","x"]`, want: `2`},
		{cmd: `["HMSET","h","d","y"]`, want: `"OK"`},
		{cmd: `["HINCRBY","h","n",1]`, want: `6`},
		{cmd: `["HTTL","h","FIELDS",5,"a","b","c","d","n"]`, want: `[-1,-1,-1,-1,100]`},
		{cmd: `["HEXPIRE","h",100,"FIELDS",1,"a"]`, want: `[1]`},
		{cmd: `[["HDEL","h","a"],["HSET","h","a","1"],["HTTL","h","FIELDS",1,"a"]]`, path: "/multi-exec", want: `[1,1,[-1]]`},
		{cmd: `["HEXPIRE","h",100,"FIELDS",1,"a"]`, want: `[1]`},
		{cmd: `["EVAL","redis.call('HDEL', KEYS[1], 'a'); redis.call('HSET', KEYS[1], 'a', 1); return redis.call('HTTL', KEYS[1], 'FIELDS', 1, 'a')","1","h"]`, want: `[-1]`},
	})
}
