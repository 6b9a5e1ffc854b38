package agent_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

func TestRecordJSONRoundTrip(t *testing.T) {
	in := agent.Record{
		Start: time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.UTC), DNS: 1500 * time.Microsecond,
		Connect: 20 * time.Millisecond, TLS: 40*time.Millisecond + 250*time.Microsecond, TTFB: 22 * time.Millisecond,
		Total: 84 * time.Millisecond, NewConn: true, Handshake: true, TLSResumed: true, IdleTime: 3 * time.Millisecond,
		Status: 200, Err: "boom",
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"dns_ms":1.5`, `"tls_ms":40.25`, `"total_ms":84`, `"tls_resumed":true`, `"error":"boom"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	var out agent.Record
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !out.Start.Equal(in.Start) {
		t.Fatalf("start %v, want %v", out.Start, in.Start)
	}
	out.Start = in.Start
	if out != in {
		t.Fatalf("round trip:\n got %+v\nwant %+v", out, in)
	}
}
