package experiment

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"testing"

	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// A scenario with upstream.url calls that endpoint over the real network,
// here a database on loopback with no link in front: the agent still times
// DNS and the handshake, and the database's counters, which the run cannot
// read, are reported unknown rather than zero.
func TestRunRealTarget(t *testing.T) {
	auth, err := simtls.NewAuthority("localhost")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := auth.WriteCA(filepath.Join(dir, "ca.pem")); err != nil {
		t.Fatal(err)
	}
	db, err := upstream.New(upstream.Config{Token: "real-token"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- db.Serve(ln, auth) }()
	defer func() {
		db.Close()
		<-served
	}()
	t.Setenv("COLDWIRE_TEST_REAL_TOKEN", "real-token")

	f, err := scenario.Parse(filepath.Join(dir, "s.yaml"), fmt.Appendf(nil, `
scenarios:
  - name: real
    upstream:
      url: https://localhost:%d
      token_env: COLDWIRE_TEST_REAL_TOKEN
      ca_file: ca.pem
    function: {agent: {keep_alive: true, placement: global}}
    load: {pattern: sequential, count: 5}
`, ln.Addr().(*net.TCPAddr).Port))
	if err != nil {
		t.Fatal(err)
	}
	var rows []report.Row
	o, err := Run(context.Background(), f.Scenarios[0], WithRecords(func(r report.Row) { rows = append(rows, r) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5", len(rows))
	}
	for _, r := range rows {
		if r.Failed() {
			t.Fatalf("seq %d failed: %s", r.Seq, r.Error)
		}
	}
	if first := rows[0]; first.Reused || first.TLSMs <= 0 || first.ConnectMs <= 0 {
		t.Errorf("first call: reused %v, connect %.3f ms, TLS %.3f ms; want a new connection with both phases timed", first.Reused, first.ConnectMs, first.TLSMs)
	}
	for _, r := range rows[1:] {
		if !r.Reused {
			t.Errorf("seq %d opened a connection; a global keep-alive agent reuses its one", r.Seq)
		}
	}
	if !o.Counts.ServerUnknown || o.Counts.ConnectionsOpened != 0 {
		t.Errorf("counts %+v: want the server's unknown", o.Counts)
	}
	if o.Emulation == nil || !o.Emulation.RealNetwork {
		t.Errorf("emulation %+v: want real_network", o.Emulation)
	}
	if st := db.Stats(); st.ConnsAccepted != 1 {
		t.Errorf("the database accepted %d connections, want 1", st.ConnsAccepted)
	}
}
