package report

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWriteInvocationsCSV(t *testing.T) {
	rows := []Row{
		{
			Scenario: "keepalive-global", Seq: 0, Start: t0.Add(1500 * time.Nanosecond), Container: 1, Cold: true,
			QueuedMs: 0.0004, InitMs: 120, ClientInitMs: 11.5, DNSMs: 1.25, ConnectMs: 20.1234, TLSMs: 20.5, TTFBMs: 21,
			RedisMs: 62.8765, TotalMs: 190.0006, ClosesSeen: 1,
		},
		{
			Scenario: "open", Seq: 7, Intended: t0, Start: t0.Add(time.Millisecond), Container: 2,
			TLSResumed: true, Reused: true, Error: `dial "x": refused, twice`,
		},
	}
	var buf bytes.Buffer
	if err := WriteInvocationsCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	wantHeader := "scenario,seq,intended,start,container,cold,queued_ms,init_ms,client_init_ms,socket_wait_ms,dns_ms,connect_ms,tls_ms," +
		"tls_resumed,ttfb_ms,redis_ms,total_ms,reused,error,attempts,stale_reuses,error_kind,closes_seen"
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(lines), buf.String())
	}
	if lines[0] != wantHeader {
		t.Errorf("header = %q, want %q", lines[0], wantHeader)
	}
	wantRow := "keepalive-global,0,,2024-05-01T12:00:00.0000015Z,1,true,0.000,120.000,11.500,0.000,1.250,20.123,20.500,false," +
		"21.000,62.877,190.001,false,,0,0,,1"
	if lines[1] != wantRow {
		t.Errorf("row = %q\nwant  %q", lines[1], wantRow)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"open", "7", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00.001Z", "2", "false",
		"0.000", "0.000", "0.000", "0.000", "0.000", "0.000", "0.000", "true", "0.000", "0.000", "0.000", "true", `dial "x": refused, twice`, "0", "0", "", "0"}
	if !slices.Equal(recs[2], want) {
		t.Errorf("quoted row read back as %q, want %q", recs[2], want)
	}
}

func TestWriteInvocationsCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteInvocationsCSV(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), strings.Join(CSVHeader, ",")+"\n"; got != want {
		t.Errorf("got %q, want the header only %q", got, want)
	}
}

// invocations.csv reads back into the rows it was written from, to the
// microsecond its durations are written with.
func TestReadInvocationsCSVRoundTrip(t *testing.T) {
	rows := []Row{
		{Scenario: "a", Seq: 0, Start: t0, Container: 1, Cold: true, InitMs: 120, ClientInitMs: 10.345, SocketWaitMs: 2.5, DNSMs: 1.25,
			ConnectMs: 1.5, TLSMs: 3.125, TTFBMs: 2, RedisMs: 18.25, TotalMs: 140.5, ClosesSeen: 1},
		{Scenario: "b", Seq: 7, Intended: t0, Start: t0.Add(time.Millisecond), Container: 2, TLSResumed: true,
			Reused: true, Error: `dial "x": refused, twice`, Attempts: 2, StaleReuses: 1, ErrorKind: "refused"},
	}
	var buf bytes.Buffer
	if err := WriteInvocationsCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	got, err := ReadInvocationsCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, rows)
	}
	if _, err := ReadInvocationsCSV(strings.NewReader("scenario,seq\na,x\n")); err == nil || !strings.Contains(err.Error(), "line 2: seq") {
		t.Errorf("a bad seq: got %v, want an error naming line 2 and the column", err)
	}
}
