package lifecycle_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/upstream"
	"go.uber.org/goleak"
)

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

var serverTiming = regexp.MustCompile(`^queue;dur=\d+\.\d{3}, init;dur=\d+\.\d{3}, client_init;dur=\d+\.\d{3}, socket_wait;dur=\d+\.\d{3}, dns;dur=\d+\.\d{3}, connect;dur=\d+\.\d{3}, tls;dur=\d+\.\d{3}, ttfb;dur=\d+\.\d{3}, redis;dur=\d+\.\d{3}$`)

func TestFrontDoor(t *testing.T) {
	e := newEnv(t, tls.VersionTLS13)
	opts := agent.DefaultOptions()
	opts.KeepAlive = true
	p := e.platform(t, lifecycle.Function{Name: "fn", Agent: opts, IdleTimeout: time.Minute})
	defer http.DefaultClient.CloseIdleConnections()

	for i, want := range []struct{ start, reused string }{{"cold", "false"}, {"warm", "true"}} {
		res, body := get(t, p.URL()+"/fn")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("call %d: %s %s", i, res.Status, body)
		}
		h := res.Header
		if got := h.Get("Server-Timing"); !serverTiming.MatchString(got) {
			t.Errorf("call %d: Server-Timing %q", i, got)
		}
		if h.Get("X-Coldwire-Start") != want.start || h.Get("X-Coldwire-Reused") != want.reused ||
			h.Get("X-Coldwire-Container") != "1" || h.Get("X-Coldwire-TLS-Resumed") != "false" {
			t.Errorf("call %d: headers %v", i, h)
		}
		var inv lifecycle.Invocation
		if err := json.Unmarshal(body, &inv); err != nil {
			t.Fatal(err)
		}
		if inv.Function != "fn" || inv.Seq != int64(i+1) || len(inv.Calls) != 1 || inv.Calls[0].Total <= 0 || inv.RedisMs < ms(rtt) {
			t.Errorf("call %d: body %s", i, body)
		}
	}

	res, body := get(t, p.URL()+"/nope")
	var msg map[string]string
	if res.StatusCode != http.StatusNotFound || json.Unmarshal(body, &msg) != nil || !strings.Contains(msg["error"], "unknown function") {
		t.Fatalf("unknown function: %s %s", res.Status, body)
	}
}

// TestFrontDoorWithRecords: a caller in the same process takes the records
// directly; the answer then has the headers and no body, and its
// X-Coldwire-Seq names the record handed over.
func TestFrontDoorWithRecords(t *testing.T) {
	e := newEnv(t, tls.VersionTLS13)
	records := make(chan lifecycle.Invocation, 1)
	p, err := lifecycle.New(e.backend, []lifecycle.Function{{Name: "fn", Agent: agent.DefaultOptions()}},
		lifecycle.WithRecords(func(inv lifecycle.Invocation) { records <- inv }))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(context.Background())
	defer http.DefaultClient.CloseIdleConnections()

	res, body := get(t, p.URL()+"/fn")
	inv := <-records
	if res.StatusCode != http.StatusOK || len(body) != 0 {
		t.Errorf("answer %s with %d bytes of body, want 200 with none", res.Status, len(body))
	}
	if got := res.Header.Get("X-Coldwire-Seq"); got != "1" || inv.Seq != 1 || inv.Function != "fn" || len(inv.Calls) != 1 {
		t.Errorf("X-Coldwire-Seq %q, record %+v; want seq 1 of fn with its call", got, inv)
	}
}

func TestFrontDoorRedisFailure(t *testing.T) {
	e := newEnv(t, tls.VersionTLS13)
	e.backend.Token = "wrong"
	p := e.platform(t, lifecycle.Function{Name: "fn"})
	defer http.DefaultClient.CloseIdleConnections()
	res, body := get(t, p.URL()+"/fn")
	var inv lifecycle.Invocation
	if err := json.Unmarshal(body, &inv); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusBadGateway || !strings.Contains(inv.Error, "401") || len(inv.Calls) != 1 || inv.Calls[0].Err == "" {
		t.Fatalf("failed Redis call: %s %s", res.Status, body)
	}
}

// TestNothingLeftAfterClose: after the platform, the upstream and the link
// close, no goroutine is left and the server saw every connection close.
func TestNothingLeftAfterClose(t *testing.T) {
	e := newEnv(t, tls.VersionTLS12)
	fns := []lifecycle.Function{
		{Name: "global", Agent: agent.Options{KeepAlive: true}, IdleTimeout: time.Minute},
		{Name: "handler", Agent: agent.Options{KeepAlive: true}, Placement: agent.Handler, IdleTimeout: time.Minute},
		{Name: "closed", Agent: agent.DefaultOptions(), Placement: agent.Handler, CloseAtEnd: true},
	}
	p, err := lifecycle.New(e.backend, fns)
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range fns {
		res, body := get(t, p.URL()+"/"+fn.Name)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s %s", fn.Name, res.Status, body)
		}
		invokeN(t, p, fn.Name, 2)
	}
	http.DefaultClient.CloseIdleConnections()
	if st := e.up.Stats(); st.ConnsOpen != 4 {
		t.Fatalf("before close: %d connections open, want 4 (1 global, 3 abandoned)", st.ConnsOpen)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := e.waitStats(t, "every connection close", func(s upstream.Stats) bool { return s.ConnsOpen == 0 })
	if st.ConnsClosed != st.ConnsAccepted {
		t.Fatalf("after close: %+v", st)
	}
	e.close(t)
	goleak.VerifyNone(t)
}
