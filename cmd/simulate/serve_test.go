package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"help", []string{"--help"}, exitOK, "usage: simulate serve"},
		{"unknown flag", []string{"--nope"}, exitBadInput, "flag provided but not defined: -nope"},
		{"bad tls version", []string{"--tls", "1.1"}, exitBadInput, `--tls: tls: version "1.1" not supported`},
		{"bad rtt", []string{"--rtt", "fast"}, exitBadInput, `invalid value "fast" for flag -rtt`},
		{"negative rtt", []string{"--rtt", "-1ms"}, exitBadInput, "must not be negative"},
		{"bad addr", []string{"--addr", "nowhere"}, exitBadInput, `--addr "nowhere"`},
		{"stray argument", []string{"now"}, exitBadInput, `unexpected argument "now"`},
		{"bad maxmemory", []string{"--maxmemory", "lots"}, exitBadInput, `invalid value "lots" for flag -maxmemory: "lots" is not a size such as 256mb, 1gb or a number of bytes`},
		{"negative maxmemory", []string{"--maxmemory", "-1"}, exitBadInput, `invalid value "-1" for flag -maxmemory`},
		{"no connections", []string{"--max-conns", "0"}, exitBadInput, "--max-conns 0 must be positive"},
		{"zero header timeout", []string{"--read-header-timeout", "0s"}, exitBadInput, "--read-header-timeout and --script-timeout must be positive"},
		{"zero script timeout", []string{"--script-timeout", "0s"}, exitBadInput, "--read-header-timeout and --script-timeout must be positive"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := runServe(context.Background(), tt.args, &stdout, &stderr)
		if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.name, code, stderr.String(), tt.wantCode, tt.wantErr)
		}
	}
}

// syncBuffer is written by runServe while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var exportRE = regexp.MustCompile(`(?m)^export (\w+)=(.*)$`)

// startServe runs `simulate serve` with args until the returned stop is
// called, and returns the environment it printed; stop returns its exit code.
func startServe(t *testing.T, args ...string) (env map[string]string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- runServe(ctx, args, &stdout, &stderr) }()
	env = map[string]string{}
	deadline := time.Now().Add(10 * time.Second)
	for len(env) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		for _, m := range exportRE.FindAllStringSubmatch(stdout.String(), -1) {
			env[m[1]] = m[2]
		}
	}
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("exit %d after cancel, want 0 (stderr %s)", code, stderr.String())
			}
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop when its context ended")
			return -1
		}
	}
	if len(env) < 3 {
		stop()
		t.Fatalf("exports %v (stderr %s)", env, stderr.String())
	}
	return env, stop
}

// `simulate serve` prints what a shell needs, with the real port, and serves
// HTTPS with the CA it wrote until its context ends.
func TestServePrintsEnvironmentAndServes(t *testing.T) {
	caPath := filepath.Join(t.TempDir(), "ca.pem")
	env, stop := startServe(t, "--addr", "127.0.0.1:0", "--rtt", "0s", "--ca-out", caPath)
	url, token := env["UPSTASH_REDIS_REST_URL"], env["UPSTASH_REDIS_REST_TOKEN"]
	if !regexp.MustCompile(`^https://127\.0\.0\.1:[1-9]\d*$`).MatchString(url) || len(token) < 26 || env["NODE_EXTRA_CA_CERTS"] != caPath {
		stop()
		t.Fatalf("exports %v", env)
	}
	pem, err := os.ReadFile(caPath)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`["ECHO","hi"]`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"result":"hi"}` {
		t.Errorf("reply %s", body)
	}
	tr.CloseIdleConnections()
	stop()
}

// Without --ca-out the CA goes into a directory of serve's own, which no
// other user can have planted a symlink in, and is gone after it stops.
func TestServeCAInPrivateDirectory(t *testing.T) {
	env, stop := startServe(t, "--addr", "127.0.0.1:0", "--rtt", "0s")
	ca := env["NODE_EXTRA_CA_CERTS"]
	if fi, err := os.Stat(filepath.Dir(ca)); err != nil {
		t.Errorf("CA directory: %v", err)
	} else if !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Errorf("CA directory %s has mode %v, want a directory of mode 0700", filepath.Dir(ca), fi.Mode())
	}
	if fi, err := os.Lstat(ca); err != nil {
		t.Errorf("CA file: %v", err)
	} else if !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Errorf("CA file %s has mode %v, want a regular file of mode 0600", ca, fi.Mode())
	}
	stop()
	if _, err := os.Stat(filepath.Dir(ca)); !os.IsNotExist(err) {
		t.Errorf("CA directory after exit: %v, want it removed", err)
	}
}

// TestUpstashSDK runs compat/upstash (the official @upstash/redis SDK under
// node --test) against a built `simulate serve`. It needs `npm ci` in
// compat/upstash; without node_modules it skips, except in CI (CI=true),
// where a skip would hide a broken setup. SIMULATE_BIN picks a built binary.
func TestUpstashSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node and a server")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "compat", "upstash"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = os.Stat(filepath.Join(dir, "node_modules", "@upstash", "redis"))
	_, nodeErr := exec.LookPath("node")
	if err != nil || nodeErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the SDK test cannot run: node_modules %v, node %v (run npm ci in compat/upstash)", err, nodeErr)
		}
		t.Skipf("no @upstash/redis in %s or no node (run npm ci there): %v %v", dir, err, nodeErr)
	}
	bin := binary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	node := exec.CommandContext(ctx, "node", "--test")
	node.Dir = dir
	node.Env = append(os.Environ(), "SIMULATE_BIN="+bin)
	out, err := node.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "# pass 3") {
		t.Errorf("node --test output:\n%s", out)
	}
}
