package upstream

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/alicebob/miniredis/v2/server"
)

// A step is one request and the result it must get, or a pause.
type step struct {
	cmd string // a JSON command; a JSON array of commands goes to path, /pipeline by default
	// want is the JSON result, an array of them for several commands. A
	// string "~N" is a number in (N-1000, N]: a TTL in milliseconds read a
	// moment after it was set, a second of slack for a busy machine.
	want string
	path string
	wait time.Duration
}

func runSteps(t *testing.T, hs *httptest.Server, steps []step) {
	t.Helper()
	for _, st := range steps {
		if st.wait > 0 {
			time.Sleep(st.wait)
			continue
		}
		path := st.path
		if path == "" {
			path = "/"
			if strings.HasPrefix(st.cmd, "[[") {
				path = "/pipeline"
			}
		}
		a := send(t, hs, call{path: path, body: st.cmd})
		var got any
		if path == "/" {
			var one struct{ Result any }
			if err := json.Unmarshal([]byte(a.body), &one); err != nil || a.status != 200 {
				t.Errorf("%s: %d %s", st.cmd, a.status, a.body)
				continue
			}
			got = one.Result
		} else {
			var many []struct{ Result any }
			if err := json.Unmarshal([]byte(a.body), &many); err != nil || a.status != 200 {
				t.Errorf("%s %s: %d %s", path, st.cmd, a.status, a.body)
				continue
			}
			results := make([]any, len(many))
			for i, r := range many {
				results[i] = r.Result
			}
			got = results
		}
		var want any
		if err := json.Unmarshal([]byte(st.want), &want); err != nil {
			t.Fatalf("%s: want %q is not JSON", st.cmd, st.want)
		}
		if !matches(want, got) {
			t.Errorf("%s %s\n got %s\nwant %s", path, st.cmd, a.body, st.want)
		}
	}
}

func matches(want, got any) bool {
	if w, ok := want.(string); ok && strings.HasPrefix(w, "~") {
		n, err := strconv.ParseFloat(w[1:], 64)
		g, isNum := got.(float64)
		return err == nil && isNum && g > n-1000 && g <= n
	}
	if w, ok := want.([]any); ok {
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !matches(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(want, got)
}

func result(t *testing.T, hs *httptest.Server, cmd string) int64 {
	t.Helper()
	a := send(t, hs, call{body: cmd})
	var r struct{ Result int64 }
	if err := json.Unmarshal([]byte(a.body), &r); err != nil || a.status != 200 {
		t.Fatalf("%s: %d %s", cmd, a.status, a.body)
	}
	return r.Result
}

// TTLs count down on the wall clock and are answered as Redis answers
// them: PTTL in milliseconds left, TTL rounded to the nearest second (a key
// set for 60 seconds has 60 left, not 59), EXPIRETIME and PEXPIRETIME the
// Unix time of the deadline. -1 is a key without a TTL, -2 no key.
func TestTTLAnswers(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["SETEX","t",60,"v"]`, want: `"OK"`},
		{cmd: `["SET","plain","v"]`, want: `"OK"`},
		{cmd: `["TTL","plain"]`, want: `-1`},
		{cmd: `["PTTL","plain"]`, want: `-1`},
		{cmd: `["EXPIRETIME","plain"]`, want: `-1`},
		{cmd: `["PEXPIRETIME","plain"]`, want: `-1`},
		{cmd: `["TTL","none"]`, want: `-2`},
		{cmd: `["PTTL","none"]`, want: `-2`},
		{cmd: `["EXPIRETIME","none"]`, want: `-2`},
		{cmd: `["PEXPIRETIME","none"]`, want: `-2`},
	})

	before := result(t, hs, `["PTTL","t"]`)
	ttl := result(t, hs, `["TTL","t"]`)
	after := result(t, hs, `["PTTL","t"]`)
	if before > 60000 || ttl < (after+500)/1000 || ttl > (before+500)/1000 {
		t.Errorf("SETEX t 60: PTTL %d, TTL %d, PTTL %d; want TTL rounded from the milliseconds left (60 unless half a second passed)", before, ttl, after)
	}

	time.Sleep(50 * time.Millisecond)
	if later := result(t, hs, `["PTTL","t"]`); later > after-50 {
		t.Errorf("PTTL %d, then %d 50ms later: want it to count down with the clock", after, later)
	}

	at := time.Now().Add(100 * time.Second)
	ms, secs := at.UnixMilli(), at.Unix()
	t0 := time.Now().UnixMilli()
	runSteps(t, hs, []step{
		{cmd: fmt.Sprintf(`["PEXPIREAT","t",%d]`, ms), want: `1`},
		{cmd: `["PEXPIRETIME","t"]`, want: strconv.FormatInt(ms, 10)},
		{cmd: `["EXPIRETIME","t"]`, want: strconv.FormatInt((ms+500)/1000, 10)},
		{cmd: `["PTTL","t"]`, want: fmt.Sprintf(`"~%d"`, ms-t0)},
		{cmd: fmt.Sprintf(`["EXPIREAT","t",%d]`, secs), want: `1`},
		{cmd: `["EXPIRETIME","t"]`, want: strconv.FormatInt(secs, 10)},
		{cmd: `["PEXPIRETIME","t"]`, want: strconv.FormatInt(secs*1000, 10)},
	})
}

// Every way a TTL is set, changed, kept, moved or cleared, one key per
// group. TTLs read right after they were set are "~" the value set.
func TestTTLLifecycle(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	at := time.Now().Add(100 * time.Second)
	ms, secs := at.UnixMilli(), at.Unix()
	runSteps(t, hs, []step{
		// SET sets a TTL with EX, PX, EXAT or PXAT, keeps it with
		// KEEPTTL and clears it otherwise; a SET that does not happen
		// changes nothing.
		{cmd: `["SET","s","v","EX",100]`, want: `"OK"`},
		{cmd: `["PTTL","s"]`, want: `"~100000"`},
		{cmd: `["SET","s","v","PX",5000]`, want: `"OK"`},
		{cmd: `["PTTL","s"]`, want: `"~5000"`},
		{cmd: `["SET","s","w","KEEPTTL"]`, want: `"OK"`},
		{cmd: `["PTTL","s"]`, want: `"~5000"`},
		{cmd: `["SET","s","x","NX","EX",100]`, want: `null`},
		{cmd: `["PTTL","s"]`, want: `"~5000"`},
		{cmd: `["SET","s","x"]`, want: `"OK"`},
		{cmd: `["TTL","s"]`, want: `-1`},
		{cmd: `["SET","s","x","XX","GET","PX",5000]`, want: `"x"`},
		{cmd: `["PTTL","s"]`, want: `"~5000"`},
		{cmd: fmt.Sprintf(`["SET","s","v","PXAT",%d]`, ms), want: `"OK"`},
		{cmd: `["PEXPIRETIME","s"]`, want: strconv.FormatInt(ms, 10)},
		{cmd: fmt.Sprintf(`["SET","s","v","EXAT",%d]`, secs), want: `"OK"`},
		{cmd: `["EXPIRETIME","s"]`, want: strconv.FormatInt(secs, 10)},
		{cmd: `["SETEX","s",100,"v"]`, want: `"OK"`},
		{cmd: `["PTTL","s"]`, want: `"~100000"`},
		{cmd: `["PSETEX","s",5000,"v"]`, want: `"OK"`},
		{cmd: `["PTTL","s"]`, want: `"~5000"`},
		{cmd: `["GETSET","s","w"]`, want: `"v"`},
		{cmd: `["TTL","s"]`, want: `-1`},

		// EXPIRE and its kin, with NX, XX, GT and LT; a deadline now or
		// past deletes the key.
		{cmd: `["SET","e","v"]`, want: `"OK"`},
		{cmd: `["EXPIRE","e",100,"XX"]`, want: `0`},
		{cmd: `["TTL","e"]`, want: `-1`},
		{cmd: `["EXPIRE","e",100,"NX"]`, want: `1`},
		{cmd: `["EXPIRE","e",200,"NX"]`, want: `0`},
		{cmd: `["PTTL","e"]`, want: `"~100000"`},
		{cmd: `["EXPIRE","e",50,"GT"]`, want: `0`},
		{cmd: `["EXPIRE","e",200,"GT"]`, want: `1`},
		{cmd: `["PTTL","e"]`, want: `"~200000"`},
		{cmd: `["PEXPIRE","e",300000,"LT"]`, want: `0`},
		{cmd: `["PEXPIRE","e",5000,"LT"]`, want: `1`},
		{cmd: `["PTTL","e"]`, want: `"~5000"`},
		{cmd: `["EXPIRE","e",100,"XX"]`, want: `1`},
		{cmd: `["PTTL","e"]`, want: `"~100000"`},
		{cmd: fmt.Sprintf(`["PEXPIREAT","e",%d]`, ms), want: `1`},
		{cmd: `["PEXPIRETIME","e"]`, want: strconv.FormatInt(ms, 10)},
		{cmd: fmt.Sprintf(`["EXPIREAT","e",%d]`, secs), want: `1`},
		{cmd: `["EXPIRETIME","e"]`, want: strconv.FormatInt(secs, 10)},
		{cmd: `["EXPIRE","e",0]`, want: `1`},
		{cmd: `["EXISTS","e"]`, want: `0`},
		{cmd: `["SET","e","v"]`, want: `"OK"`},
		{cmd: `["PEXPIREAT","e",1000]`, want: `1`},
		{cmd: `["EXISTS","e"]`, want: `0`},
		{cmd: `["EXPIRE","e",100]`, want: `0`},

		// GETEX sets, keeps or (PERSIST) clears; PERSIST clears.
		{cmd: `["SET","g","v"]`, want: `"OK"`},
		{cmd: `["GETEX","g","EX",100]`, want: `"v"`},
		{cmd: `["PTTL","g"]`, want: `"~100000"`},
		{cmd: `["GETEX","g","PX",5000]`, want: `"v"`},
		{cmd: `["GETEX","g"]`, want: `"v"`},
		{cmd: `["PTTL","g"]`, want: `"~5000"`},
		{cmd: fmt.Sprintf(`["GETEX","g","PXAT",%d]`, ms), want: `"v"`},
		{cmd: `["PEXPIRETIME","g"]`, want: strconv.FormatInt(ms, 10)},
		{cmd: `["GETEX","g","PERSIST"]`, want: `"v"`},
		{cmd: `["TTL","g"]`, want: `-1`},
		{cmd: `["EXPIRE","g",100]`, want: `1`},
		{cmd: `["PERSIST","g"]`, want: `1`},
		{cmd: `["PERSIST","g"]`, want: `0`},
		{cmd: `["TTL","g"]`, want: `-1`},

		// A key set again after GETDEL, DEL or a plain SET is not taken
		// by the old deadline.
		{cmd: `["SET","d1","v","PX",100]`, want: `"OK"`},
		{cmd: `["GETDEL","d1"]`, want: `"v"`},
		{cmd: `["TTL","d1"]`, want: `-2`},
		{cmd: `["SET","d1","w"]`, want: `"OK"`},
		{cmd: `["SET","d2","v","PX",100]`, want: `"OK"`},
		{cmd: `["DEL","d2"]`, want: `1`},
		{cmd: `["SET","d2","w"]`, want: `"OK"`},
		{cmd: `["SET","d3","v","PX",100]`, want: `"OK"`},
		{cmd: `["SET","d3","w"]`, want: `"OK"`},
		{wait: 300 * time.Millisecond},
		{cmd: `["MGET","d1","d2","d3"]`, want: `["w","w","w"]`},

		// RENAME, RENAMENX and COPY carry the TTL to the new name; a key
		// renamed onto one with a TTL takes its own (none).
		{cmd: `["SET","r","v","EX",100]`, want: `"OK"`},
		{cmd: `["RENAME","r","r2"]`, want: `"OK"`},
		{cmd: `["TTL","r"]`, want: `-2`},
		{cmd: `["PTTL","r2"]`, want: `"~100000"`},
		{cmd: `["RENAMENX","r2","r3"]`, want: `1`},
		{cmd: `["PTTL","r3"]`, want: `"~100000"`},
		{cmd: `["COPY","r3","c"]`, want: `1`},
		{cmd: `["PTTL","c"]`, want: `"~100000"`},
		{cmd: `["SET","c2","v","PX",100]`, want: `"OK"`},
		{cmd: `["COPY","r3","c2","REPLACE"]`, want: `1`},
		{cmd: `["PTTL","c2"]`, want: `"~100000"`},
		{cmd: `["SET","o","v","PX",100]`, want: `"OK"`},
		{cmd: `["SET","p","w"]`, want: `"OK"`},
		{cmd: `["RENAME","p","o"]`, want: `"OK"`},
		{cmd: `["TTL","o"]`, want: `-1`},
		{wait: 300 * time.Millisecond},
		{cmd: `["GET","o"]`, want: `"w"`},
	})
}

// A command that compares or carries a TTL sees the time it has left, not
// the TTL it was set with: here every key was set for 3 seconds, 1.5
// seconds ago.
func TestTTLAsTimeLeft(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `[["SET","gt","v","PX",3000],["SET","lt","v","PX",3000],["SET","again","v","PX",3000],["SET","keep","v","PX",3000],["SET","copy","v","PX",3000],["SET","rename","v","PX",3000],["SET","move","v","PX",3000]]`,
			want: `["OK","OK","OK","OK","OK","OK","OK"]`},
		{wait: 1500 * time.Millisecond},
		{cmd: `["PEXPIRE","gt",2000,"GT"]`, want: `1`},
		{cmd: `["PTTL","gt"]`, want: `"~2000"`},
		{cmd: `["PEXPIRE","lt",2000,"LT"]`, want: `0`},
		{cmd: `["PTTL","lt"]`, want: `"~1500"`},
		{cmd: `["SET","again","v","PX",3000]`, want: `"OK"`},
		{cmd: `["PTTL","again"]`, want: `"~3000"`},
		{cmd: `["SET","keep","w","KEEPTTL"]`, want: `"OK"`},
		{cmd: `["PTTL","keep"]`, want: `"~1500"`},
		{cmd: `["COPY","copy","copied"]`, want: `1`},
		{cmd: `["PTTL","copied"]`, want: `"~1500"`},
		{cmd: `["RENAME","rename","renamed"]`, want: `"OK"`},
		{cmd: `["PTTL","renamed"]`, want: `"~1500"`},
		{cmd: `["MOVE","move",1]`, want: `1`},
		{cmd: `[["SELECT",1],["PTTL","move"]]`, want: `["OK","~1500"]`},
	})
}

// A key is gone once its time has passed, whatever reads it first, even
// when nothing touched it meanwhile; one made again has no TTL.
func TestExpiredKeysAreGone(t *testing.T) {
	s, hs := newTestAPI(t, Config{})
	s.db.exp.close() // no expiry cycle: reading alone must find the keys gone
	runSteps(t, hs, []step{
		{cmd: `[["SET","k0","v","PX",50],["SET","k1","v","PX",50],["SET","k2","v","PX",50],["SET","k3","v","PX",50],["SET","k4","v","PX",50],["SET","k5","v","PX",50],["SET","k6","v","PX",50],["SET","k7","v","PX",50]]`,
			want: `["OK","OK","OK","OK","OK","OK","OK","OK"]`},
		{wait: 200 * time.Millisecond},
		{cmd: `["GET","k0"]`, want: `null`},
		{cmd: `["EXISTS","k1"]`, want: `0`},
		{cmd: `["TTL","k2"]`, want: `-2`},
		{cmd: `["TYPE","k3"]`, want: `"none"`},
		{cmd: `["STRLEN","k4"]`, want: `0`},
		{cmd: `["APPEND","k5","w"]`, want: `1`},
		{cmd: `["INCR","k6"]`, want: `1`},
		{cmd: `["TTL","k6"]`, want: `-1`},
	})
	runExchanges(t, hs, []exchange{{"RENAME", call{body: `["RENAME","k7","elsewhere"]`}, 400, `{"error":"ERR no such key"}`}})
}

// Keys nobody touches again are deleted by the expiry cycle: DBSIZE,
// which counts without looking at deadlines as in Redis, drops.
func TestExpiryCycle(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	var cmds []string
	for i := range 200 {
		cmds = append(cmds, fmt.Sprintf(`["SET","k%d","v","PX",%d]`, i, 50+i))
	}
	cmds = append(cmds, `["SET","stays","v"]`, `["HSET","h","f","1"]`, `["HSETEX","h","PX",50,"FIELDS",1,"g","2"]`,
		`["HSETEX","fields","PX",50,"FIELDS",2,"a","1","b","2"]`)
	runSteps(t, hs, []step{{cmd: "[" + strings.Join(cmds, ",") + "]", want: "[" + strings.Repeat(`"OK",`, 201) + `1,1,1]`}})
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := result(t, hs, `["DBSIZE"]`)
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("DBSIZE %d 5s after every key but 2 expired, want 2", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	runSteps(t, hs, []step{
		{cmd: `["KEYS","*"]`, want: `["h","stays"]`},
		{cmd: `["HGETALL","h"]`, want: `["f","1"]`},
	})
}

// The cycle holds the database for one small batch at a time, however many
// keys are due, and deletes only what is due.
func TestExpiryCycleBatches(t *testing.T) {
	d, err := newDB()
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	d.exp.close() // the test runs the cycle's sweeps itself
	sess := d.session()
	defer sess.close()
	ctx := context.Background()
	for i := range 1000 {
		if _, err := sess.do(ctx, []string{"SET", "k" + strconv.Itoa(i), "v", "PX", "1"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sess.do(ctx, []string{"SET", "later", "v", "EX", "60"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := d.exp.sweep(cycleBatch); n != cycleBatch {
		t.Fatalf("a sweep deleted %d keys, want a batch of %d", n, cycleBatch)
	}
	if keys := d.m.DB(0).Keys(); len(keys) != 1001-cycleBatch {
		t.Fatalf("after one sweep %d keys left, want %d", len(keys), 1001-cycleBatch)
	}
	total := cycleBatch
	for n := d.exp.sweep(cycleBatch); n > 0; n = d.exp.sweep(cycleBatch) {
		total += n
	}
	if keys := d.m.DB(0).Keys(); total != 1000 || !slices.Equal(keys, []string{"later"}) {
		t.Errorf("sweeps deleted %d keys and left %q; want 1000 and [later]", total, keys)
	}
}

// KEYS, SCAN and RANDOMKEY list no expired key.
func TestListingSkipsExpiredKeys(t *testing.T) {
	s, hs := newTestAPI(t, Config{})
	s.db.exp.close() // no expiry cycle: listing alone must skip the keys
	runSteps(t, hs, []step{
		{cmd: `[["SET","a","v","PX",50],["SET","b","v"],["SET","c","v","PX",50]]`, want: `["OK","OK","OK"]`},
		{wait: 200 * time.Millisecond},
		{cmd: `["KEYS","*"]`, want: `["b"]`},
		{cmd: `["SCAN",0]`, want: `["0",["b"]]`},
		{cmd: `["RANDOMKEY"]`, want: `"b"`},
	})
	runSteps(t, hs, []step{
		{cmd: `[["SET","a","v","PX",50],["SET","c","v","PX",50],["DEL","b"]]`, want: `["OK","OK",1]`},
		{wait: 200 * time.Millisecond},
		{cmd: `["RANDOMKEY"]`, want: `null`},
	})
}

// TTLs hold in every database, and follow keys MOVEd or COPYd between
// them, databases SWAPDBed, FLUSHDB and FLUSHALL.
func TestTTLsAcrossDatabases(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `[["SELECT",1],["SET","k","v","EX",100],["PTTL","k"]]`, want: `["OK","OK","~100000"]`},
		{cmd: `["PTTL","k"]`, want: `-2`},
		{cmd: `[["SELECT",1],["MOVE","k",2],["EXISTS","k"]]`, want: `["OK",1,0]`},
		{cmd: `[["SELECT",2],["PTTL","k"]]`, want: `["OK","~100000"]`},
		{cmd: `[["SELECT",2],["COPY","k","k","DB",3]]`, want: `["OK",1]`},
		{cmd: `[["SELECT",3],["PTTL","k"]]`, want: `["OK","~100000"]`},
		{cmd: `["SWAPDB",3,4]`, want: `"OK"`},
		{cmd: `[["SELECT",4],["PTTL","k"]]`, want: `["OK","~100000"]`},
		{cmd: `[["SELECT",3],["EXISTS","k"]]`, want: `["OK",0]`},

		{cmd: `[["SELECT",5],["SET","q","v","PX",50]]`, want: `["OK","OK"]`},
		{cmd: `[["SELECT",8],["SET","s","v","PX",50],["SWAPDB",8,9],["SELECT",9],["PTTL","s"]]`, want: `["OK","OK","OK","OK","~50"]`},
		{cmd: `[["SELECT",6],["SET","f","v","PX",50],["FLUSHDB"],["SET","f","w"]]`, want: `["OK","OK","OK","OK"]`},
		{wait: 200 * time.Millisecond},
		{cmd: `[["SELECT",5],["EXISTS","q"]]`, want: `["OK",0]`},
		{cmd: `[["SELECT",9],["EXISTS","s"]]`, want: `["OK",0]`},
		{cmd: `[["SELECT",6],["GET","f"]]`, want: `["OK","w"]`},

		{cmd: `[["SELECT",7],["SET","a","v","PX",50],["FLUSHALL"],["SET","a","w"]]`, want: `["OK","OK","OK","OK"]`},
		{wait: 200 * time.Millisecond},
		{cmd: `[["SELECT",7],["GET","a"]]`, want: `["OK","w"]`},
	})
}

// In a transaction, TTLs set and read are as at the time EXEC runs.
func TestTTLsInTransactions(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{path: "/multi-exec", cmd: `[["SET","m","v","EX",100],["TTL","m"],["PERSIST","m"],["TTL","m"],["SET","m","v","PX",1500],["TTL","m"],["PTTL","m"],["EXPIRETIME","none"]]`,
			want: `["OK",100,1,-1,"OK",2,1500,-2]`},
		{path: "/multi-exec", cmd: `[["SET","gone","v","PX",50],["SELECT",1],["SET","gone","v","PX",50],["SET","stays","v"]]`, want: `["OK","OK","OK","OK"]`},
		{cmd: `[["SELECT",2],["MULTI"],["SET","k","v","EX",100],["EXEC"],["PTTL","k"]]`, want: `["OK","OK","QUEUED",["OK"],"~100000"]`},
		{wait: 200 * time.Millisecond},
		{cmd: `[["EXISTS","gone"],["SELECT",1],["EXISTS","gone","stays"]]`, want: `[0,"OK",1]`},
	})
}

// Scripts see and set TTLs as commands do, on keys they are given or name
// themselves, in any database they SELECT. A blocking call in a script
// answers at once, as in Redis: the script holds the database.
func TestTTLsInScripts(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["EVAL","redis.call('SET', KEYS[1], 'v', 'PX', ARGV[1]) return redis.call('PTTL', KEYS[1])",1,"k",100000]`, want: `100000`},
		{cmd: `["PTTL","k"]`, want: `"~100000"`},
		{cmd: `["EVAL","redis.call('SET', KEYS[1] .. ':named', 'v', 'EX', 100) return redis.call('TTL', KEYS[1] .. ':named')",1,"k"]`, want: `100`},
		{cmd: `["PTTL","k:named"]`, want: `"~100000"`},
		{cmd: `["EVAL","redis.call('SET', 'short', 'v', 'PX', 50) redis.call('SELECT', 3) redis.call('SET', 'short', 'v', 'PX', 50) return 1",0]`, want: `1`},
		{cmd: `["SET","seen","v","PX",50]`, want: `"OK"`},
		{wait: 200 * time.Millisecond},
		{cmd: `["EVAL","return {redis.call('EXISTS', 'short'), redis.call('GET', 'seen')}",0]`, want: `[0,null]`},
		{cmd: `[["SELECT",3],["EXISTS","short"]]`, want: `["OK",0]`},
		{cmd: `["EVAL","return redis.call('BLPOP', KEYS[1], 0)",1,"q"]`, want: `null`},
		{cmd: `["EVAL","return redis.call('XREAD', 'BLOCK', 0, 'STREAMS', KEYS[1], '$')",1,"s"]`, want: `null`},
	})
}

// Hash fields expire on their own, as far as miniredis knows field TTLs:
// HEXPIRE (seconds), HSETEX, HPERSIST, HTTL (rounded up, as Redis does) and
// HPTTL. A hash whose last field expires is gone.
func TestHashFieldTTLs(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["HSET","h","f","1","g","2"]`, want: `2`},
		{cmd: `["HEXPIRE","h",100,"FIELDS",1,"f"]`, want: `[1]`},
		{cmd: `["HTTL","h","FIELDS",3,"f","g","none"]`, want: `[100,-1,-2]`},
		{cmd: `["HPTTL","h","FIELDS",1,"f"]`, want: `["~100000"]`},
		{cmd: `["HEXPIRE","h",50,"GT","FIELDS",1,"f"]`, want: `[0]`},
		{cmd: `["HPERSIST","h","FIELDS",1,"f"]`, want: `[1]`},
		{cmd: `["HTTL","h","FIELDS",1,"f"]`, want: `[-1]`},
		{cmd: `["HSETEX","h","PX",50,"FIELDS",1,"g","3"]`, want: `1`},
		{cmd: `["HSETEX","all","PX",50,"FIELDS",2,"a","1","b","2"]`, want: `1`},
		{cmd: `["HSET","moved","f","1"]`, want: `1`},
		{cmd: `["HEXPIRE","moved",100,"FIELDS",1,"f"]`, want: `[1]`},
		{cmd: `["RENAME","moved","renamed"]`, want: `"OK"`},
		{cmd: `["HPTTL","renamed","FIELDS",1,"f"]`, want: `["~100000"]`},
		{wait: 200 * time.Millisecond},
		{cmd: `["HGETALL","h"]`, want: `["f","1"]`},
		{cmd: `["HTTL","h","FIELDS",1,"g"]`, want: `[-2]`},
		{cmd: `["EXISTS","all"]`, want: `0`},
		{cmd: `["DEL","renamed"]`, want: `1`},
		{cmd: `["HSET","renamed","f","1"]`, want: `1`},
		{cmd: `["HTTL","renamed","FIELDS",1,"f"]`, want: `[-1]`},
	})
}

// RESTORE sets the TTL it is given, relative or (ABSTTL) absolute.
func TestRestoreTTL(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{{cmd: `["SET","src","v"]`, want: `"OK"`}})
	a := send(t, hs, call{body: `["DUMP","src"]`, header: map[string]string{"Upstash-Response-Format": "resp2"}})
	r, _, err := parseReply([]byte(a.body))
	if err != nil || r.Kind != '$' {
		t.Fatalf("DUMP: %q", a.body)
	}
	payload := url.PathEscape(r.Str)
	ms := time.Now().Add(100 * time.Second).UnixMilli()
	runExchanges(t, hs, []exchange{
		{"relative", call{method: "GET", path: "/restore/rel/100000/" + payload}, 200, `{"result":"OK"}`},
		{"absolute", call{method: "GET", path: "/restore/abs/" + strconv.FormatInt(ms, 10) + "/" + payload + "/ABSTTL"}, 200, `{"result":"OK"}`},
	})
	runSteps(t, hs, []step{
		{cmd: `["PTTL","rel"]`, want: `"~100000"`},
		{cmd: `["PEXPIRETIME","abs"]`, want: strconv.FormatInt(ms, 10)},
	})
	runExchanges(t, hs, []exchange{
		{"replacing a key with a TTL", call{method: "GET", path: "/restore/rel/5000/" + payload + "/REPLACE"}, 200, `{"result":"OK"}`},
	})
	runSteps(t, hs, []step{{cmd: `["PTTL","rel"]`, want: `"~5000"`}})
}

// BenchmarkCommandCost measures the database's cost per command, SET with
// EX 60 as the REST handlers run it, with no other key and with 100000 keys
// holding TTLs; keys=100000 reports its cost as a multiple of keys=0's in
// the same run (x-keys=0). bare-miniredis is the same on miniredis alone,
// with no expiry at all: most of what the key count adds is its maps
// outgrowing the CPU caches.
func BenchmarkCommandCost(b *testing.B) {
	b.Run("server", func(b *testing.B) {
		benchCommandCost(b, func() (func([]string), func()) {
			d, err := newDB()
			if err != nil {
				b.Fatal(err)
			}
			sess := d.session()
			return func(args []string) {
					if _, err := sess.do(context.Background(), args); err != nil {
						b.Fatal(err)
					}
				}, func() {
					sess.close()
					d.close()
				}
		})
	})
	b.Run("bare-miniredis", func(b *testing.B) {
		benchCommandCost(b, func() (func([]string), func()) {
			m := miniredis.NewMiniRedis()
			c, err := m.Dial()
			if err != nil {
				b.Fatal(err)
			}
			c.Close()
			var buf bytes.Buffer
			p := server.NewPeer(bufio.NewWriter(&buf))
			return func(args []string) {
				m.Server().Dispatch(p, args)
				p.Flush()
				buf.Reset()
			}, m.Close
		})
	})
}

func benchCommandCost(b *testing.B, open func() (do func([]string), close func())) {
	var base float64
	for _, n := range []int{0, 100_000} {
		do, done := open()
		set := func(i int) { do([]string{"SET", "key:" + strconv.Itoa(i), "value", "EX", "60"}) }
		for i := range n {
			set(i)
		}
		b.Run("keys="+strconv.Itoa(n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				set(i % max(n, 1))
			}
			perOp := float64(b.Elapsed()) / float64(b.N)
			if n == 0 {
				base = perOp
			} else if base > 0 {
				b.ReportMetric(perOp/base, "x-keys=0")
			}
		})
		done()
	}
}
