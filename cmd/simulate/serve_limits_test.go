//go:build unix

package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/metrics"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// 2000 idle connections and a subscriber that stopped reading do not stop
// `simulate serve` from answering a new client, and SETRANGE k 500000000 x
// is refused with the OOM error while the heap stays under --maxmemory.
// The time a new client takes is logged (-v) rather than asserted: at RTT
// 0 it is CPU time, which a busy machine stretches.
func TestServeUnderIdleConnectionsAndASlowSubscriber(t *testing.T) {
	if testing.Short() {
		t.Skip("holds 2000 connections")
	}
	const idle = 2000
	needFDs(t, 2*idle+512) // each connection is a socket at both ends
	env, stop := startServe(t, "--addr", "127.0.0.1:0", "--rtt", "0s", "--read-header-timeout", "1m")
	defer stop()
	url, token := env["UPSTASH_REDIS_REST_URL"], env["UPSTASH_REDIS_REST_TOKEN"]
	addr := strings.TrimPrefix(url, "https://")
	pem, err := os.ReadFile(env["NODE_EXTRA_CA_CERTS"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tlsConf := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}

	held := make([]net.Conn, 0, idle)
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range idle {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("idle connection %d: %v", len(held)+1, err)
		}
		held = append(held, c)
	}

	slow, err := tls.Dial("tcp", addr, tlsConf)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "GET /subscribe/news HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", token)

	do := func(body string) (int, string, time.Duration) {
		t.Helper()
		tr := &http.Transport{TLSClientConfig: tlsConf}
		defer tr.CloseIdleConnections()
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		return resp.StatusCode, string(b), time.Since(start)
	}

	// The subscriber falls behind by more than its backlog and is dropped.
	payload := strings.Repeat("x", 64<<10)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body, _ := do(`["PUBLISH","news","` + payload + `"]`)
		if body == `{"result":0}` {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the slow subscriber is still subscribed: last PUBLISH %s", body)
		}
	}

	var took []time.Duration
	for range 20 {
		status, body, d := do(`["ECHO","hi"]`)
		if status != http.StatusOK || body != `{"result":"hi"}` {
			t.Fatalf("a new client got %d %s", status, body)
		}
		took = append(took, d)
	}
	slices.Sort(took)
	t.Logf("a new client (dial, TLS handshake, one command) with %d idle connections held: median %v, max %v", idle, took[len(took)/2], took[len(took)-1])

	status, body, _ := do(`["SETRANGE","k","500000000","x"]`)
	if want := `{"error":"OOM command not allowed when used memory > 'maxmemory'."}`; status != http.StatusBadRequest || body != want {
		t.Errorf("SETRANGE k 500000000 x: %d %s, want 400 %s", status, body, want)
	}
	if heap := heapObjects(); heap > 256<<20 {
		t.Errorf("heap %d bytes, above --maxmemory 256mb", heap)
	}

	// The idle connections were held, not closed, all along.
	for _, c := range held[:10] {
		c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		var ne net.Error
		if _, err := c.Read(make([]byte, 1)); !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("an idle connection read %v, want it still open", err)
		}
	}
}

// needFDs skips the test when the process may not open n files.
func needFDs(t *testing.T, n uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("cannot read the open-file limit: %v", err)
	}
	// Cur is a uint64 on Linux and an int64 on the BSDs.
	if cur := uint64(lim.Cur); cur < n {
		t.Skipf("needs %d open files, ulimit -n is %d", n, cur)
	}
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
