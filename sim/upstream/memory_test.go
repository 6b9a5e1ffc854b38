package upstream

import (
	"net/http"
	"runtime"
	"strings"
	"testing"
)

const oomBody = `{"error":"OOM command not allowed when used memory > 'maxmemory'."}`

// A write that would take the heap past MaxMemory is refused with Redis's
// OOM error before it runs: SETRANGE at a far offset allocates nothing.
func TestMaxMemoryRefusesLargeWrites(t *testing.T) {
	const limit = 256 << 20
	_, hs := newTestAPI(t, Config{MaxMemory: limit})
	runExchanges(t, hs, []exchange{
		{"a small write fits", call{body: `["SET","k","v"]`}, 200, `{"result":"OK"}`},
		{"setrange at 500 MB", call{body: `["SETRANGE","big","500000000","x"]`}, 400, oomBody},
		{"nothing was stored", call{body: `["EXISTS","big"]`}, 200, `{"result":0}`},
		{"setbit at 4 Gbit", call{body: `["SETBIT","big","4000000000","1"]`}, 400, oomBody},
		{"bitfield at a far offset", call{body: `["BITFIELD","big","SET","u8","#400000000","1"]`}, 400, oomBody},
		{"a reply of a billion members", call{body: `["SRANDMEMBER","s","-1000000000"]`}, 400, oomBody},
		{"queued in a transaction", call{path: "/multi-exec", body: `[["SET","a","1"],["SETRANGE","big","500000000","x"]]`}, 400,
			`{"error":"EXECABORT Transaction discarded because command 2 failed: OOM command not allowed when used memory > 'maxmemory'."}`},
		{"the small key is still there", call{body: `["GET","k"]`}, 200, `{"result":"v"}`},
	})
	got := send(t, hs, call{body: `["EVAL","return redis.call('SETRANGE','big','500000000','x')","0"]`})
	if got.status != http.StatusBadRequest || !strings.Contains(got.body, oomError) {
		t.Errorf("a script's SETRANGE at 500 MB: %d %s, want 400 and the OOM error", got.status, got.body)
	}
	if used := heapInUse(); used > limit {
		t.Errorf("heap %d bytes after the refused writes, above the limit of %d", used, limit)
	}
}

// A command that changes a string in place counts the copy miniredis makes
// of it: growing a string is refused once it is half the limit.
func TestMaxMemoryCountsTheStringCopied(t *testing.T) {
	s, hs := newTestAPI(t, Config{MaxBodyBytes: 16 << 20})
	chunk := strings.Repeat("x", 12<<20)
	send(t, hs, call{body: `["SET","k","` + chunk + `"]`})
	// Twice: what sync.Pools hold survives one collection.
	runtime.GC()
	runtime.GC()
	s.db.mem.max = heapInUse() + 2<<20 // room for small commands, not for a copy of k
	if got := send(t, hs, call{body: `["APPEND","k","y"]`}); got.body != oomBody {
		t.Errorf("APPEND to a 12 MB string with 2 MB to spare: %d %s, want the OOM error", got.status, got.body)
	}
	if got := send(t, hs, call{body: `["APPEND","new","y"]`}); got.body != `{"result":1}` {
		t.Errorf("APPEND to a new key: %d %s, want it to run", got.status, got.body)
	}
}

// Past the limit, Redis still reads and frees, so a full database can be
// emptied; only what would grow it is refused.
func TestMaxMemoryFullStillReadsAndFrees(t *testing.T) {
	s, hs := newTestAPI(t, Config{})
	send(t, hs, call{body: `["SET","k","v"]`})
	s.db.mem.max = 1 // any heap is past it
	runExchanges(t, hs, []exchange{
		{"write", call{body: `["SET","k2","v"]`}, 400, oomBody},
		{"append", call{body: `["APPEND","k","v"]`}, 400, oomBody},
		{"read", call{body: `["GET","k"]`}, 200, `{"result":"v"}`},
		{"expire", call{body: `["EXPIRE","k","100"]`}, 200, `{"result":1}`},
		{"delete", call{body: `["DEL","k"]`}, 200, `{"result":1}`},
		{"flush", call{body: `["FLUSHALL"]`}, 200, `{"result":"OK"}`},
	})
}

func TestGrowth(t *testing.T) {
	tests := []struct {
		line    string
		write   bool
		atLeast int64
		counted bool
	}{
		{"SET k v", true, 2, true},
		{"SETRANGE k 500000000 x", true, 500000000, true},
		{"SETRANGE k -1 x", true, 0, true},
		{"SETBIT k 8000000000 1", true, 1000000000, true},
		{"BITFIELD k GET u8 0 SET i16 #100 1", true, 1600 / 8, true},
		{"BITFIELD k INCRBY u64 9223372036854775807 1", true, 1 << 59, true},
		{"ZRANDMEMBER z -1000", false, 1000, true},
		{"BITFIELD", true, 0, true},
		{"SETRANGE", true, 0, true},
		{"SRANDMEMBER", false, 0, false},
		{"SRANDMEMBER s 1000", false, 0, false},
		{"GET k", false, 0, false},
		{"DEL k", true, 0, false},
		{"FLUSHALL", true, 0, false},
	}
	for _, tt := range tests {
		got, counted := growth(strings.Fields(tt.line), tt.write, nil)
		if counted != tt.counted || (counted && got < tt.atLeast) {
			t.Errorf("growth(%s) = %d, %v; want at least %d, %v", tt.line, got, counted, tt.atLeast, tt.counted)
		}
	}
}

// Without MaxMemory nothing is refused for its size.
func TestNoMaxMemory(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	if got := send(t, hs, call{body: `["SETRANGE","k","1000000","x"]`}); got.status != http.StatusOK {
		t.Errorf("SETRANGE without a limit: %d %s", got.status, got.body)
	}
}
