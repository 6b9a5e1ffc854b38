package lifecycle

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

// The bootstrap's Coldwire-Calls header folds into an invocation as the
// in-process agent's records do: phases summed, connections and handshakes
// counted, and a failed request classified by Node's code, stale when it
// had reused its socket.
func TestNodeCallsFold(t *testing.T) {
	tests := []struct {
		name, header string
		want         Invocation
		wantKind     agent.ErrorKind
	}{
		{
			name: "a new connection, a full handshake",
			header: `{"calls":[{"start":"2026-11-27T03:00:00.000001Z","dns_ms":0,"connect_ms":0.5,"tls_ms":4.25,"ttfb_ms":2.5,
				"total_ms":7.5,"new_conn":true,"tls_handshake":true,"tls_resumed":false,"reused":false,"status":200,"attempt":1}],"more":0,"closes_seen":1}`,
			want: Invocation{ConnectMs: 0.5, TLSMs: 4.25, TTFBMs: 2.5, NewConns: 1, TLSFull: 1, Attempts: 1, ClosesSeen: 1},
		},
		{
			name: "two reused sockets and more requests than the bootstrap keeps",
			header: `{"calls":[{"start":"2026-11-27T03:00:00Z","ttfb_ms":2,"reused":true,"was_idle":true,"idle_ms":900,"attempt":1},
				{"start":"2026-11-27T03:00:00.01Z","ttfb_ms":2.25,"reused":true,"attempt":1}],"more":3,"closes_seen":0}`,
			want: Invocation{TTFBMs: 4.25, Reused: true, Attempts: 5},
		},
		{
			name: "a resumed handshake",
			header: `{"calls":[{"start":"2026-11-27T03:00:00Z","connect_ms":0.25,"tls_ms":3,"ttfb_ms":2,"new_conn":true,
				"tls_handshake":true,"tls_resumed":true,"attempt":1}]}`,
			want: Invocation{ConnectMs: 0.25, TLSMs: 3, TTFBMs: 2, NewConns: 1, TLSResumes: 1, TLSResumed: true, Attempts: 1},
		},
		{
			name:     "socket hang up on a reused socket",
			header:   `{"calls":[{"start":"2026-11-27T03:00:00Z","reused":true,"error":"socket hang up","code":"ECONNRESET","attempt":1}]}`,
			want:     Invocation{Reused: true, Attempts: 1, StaleReuses: 1},
			wantKind: agent.KindReset,
		},
		{
			name:     "undici's other side closed on a reused socket",
			header:   `{"calls":[{"start":"2026-11-27T03:00:00Z","reused":true,"error":"other side closed","code":"UND_ERR_SOCKET","attempt":1}]}`,
			want:     Invocation{Reused: true, Attempts: 1, StaleReuses: 1},
			wantKind: agent.KindReset,
		},
		{
			name:     "refused on a new connection is not stale",
			header:   `{"calls":[{"start":"2026-11-27T03:00:00Z","new_conn":true,"error":"connect ECONNREFUSED","code":"ECONNREFUSED","attempt":1}]}`,
			want:     Invocation{NewConns: 1, Attempts: 1},
			wantKind: agent.KindRefused,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nc, err := parseNodeCalls(tt.header)
			if err != nil {
				t.Fatal(err)
			}
			var inv Invocation
			nc.fold(&inv)
			if len(inv.Calls) != len(nc.Calls) {
				t.Fatalf("%d calls kept, want %d", len(inv.Calls), len(nc.Calls))
			}
			if k := inv.Calls[len(inv.Calls)-1].Kind; k != tt.wantKind {
				t.Errorf("kind %q, want %q", k, tt.wantKind)
			}
			inv.Calls = nil
			if !reflect.DeepEqual(inv, tt.want) {
				t.Errorf("folded into\n%+v\nwant\n%+v", inv, tt.want)
			}
		})
	}
}

// The header's times keep the bootstrap's microseconds.
func TestNodeCallsStart(t *testing.T) {
	nc, err := parseNodeCalls(`{"calls":[{"start":"2026-11-27T03:00:00.123456Z","idle_ms":900.5,"was_idle":true}]}`)
	if err != nil {
		t.Fatal(err)
	}
	r := nc.Calls[0].Record
	if want := time.Date(2026, 11, 27, 3, 0, 0, 123456000, time.UTC); !r.Start.Equal(want) || r.IdleTime != 900500*time.Microsecond || !r.WasIdle {
		t.Errorf("record %+v, want start %v and 900.5 ms idle", r, want)
	}
}

// A header that is not the bootstrap's is refused, and no header is no
// calls: a runtime that does not trace still speaks the Runtime API.
func TestParseNodeCallsBad(t *testing.T) {
	if nc, err := parseNodeCalls(""); nc != nil || err != nil {
		t.Errorf("no header: %v, %v; want no calls and no error", nc, err)
	}
	many := `{"calls":[` + strings.Repeat(`{},`, maxNodeCalls) + `{}]}`
	for _, h := range []string{`not json`, `{"calls":{}}`, `{"more":-1}`, `{"closes_seen":-2}`, many} {
		if _, err := parseNodeCalls(h); err == nil {
			t.Errorf("%.40s: no error", h)
		}
	}
}

// The program node runs imports calls.mjs from a data: URL, so no file of
// the runtime is needed where the process runs.
func TestBootstrapInlinesCalls(t *testing.T) {
	if strings.Contains(bootstrap, "./calls.mjs") || !strings.Contains(bootstrap, "from 'data:text/javascript;base64,") {
		t.Error("the bootstrap still imports ./calls.mjs from a file")
	}
}
