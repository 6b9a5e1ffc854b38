package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

const serveUsage = `usage: simulate serve [flags]

Runs the Upstash-compatible Redis REST server over TLS on an emulated link
until interrupted. It prints the environment a client needs as export lines
to paste into another shell, or to source from a file:

  simulate serve > /tmp/upstash.env &   then   . /tmp/upstash.env

Flags:
`

// runServe implements `simulate serve` and returns the exit code.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveUsage, stderr)
	addr := fs.String("addr", "127.0.0.1:8079", "address to listen on (port 0 picks a free port); loopback unless a host is given")
	rtt := fs.Duration("rtt", 2*time.Millisecond, "round-trip time of the emulated link between clients and the server")
	version := fs.String("tls", "1.3", "TLS version offered: 1.2 or 1.3")
	token := fs.String("token", "", "token clients must send (default: a random one)")
	readOnly := fs.String("read-only-token", "", "optional token that may run read-only commands only")
	caOut := fs.String("ca-out", "", "file to write the CA certificate to, for NODE_EXTRA_CA_CERTS (default: ca.pem in a new private directory, removed on exit)")
	serverTime := fs.Duration("server-time", 0, "database processing time per command")
	idle := fs.Duration("idle-timeout", 2*time.Minute, "close kept-alive connections idle longer than this (0 = never)")
	headerTimeout := fs.Duration("read-header-timeout", upstream.DefaultReadHeaderTimeout, "time a client has for its TLS handshake, then for each request's headers, then its body, and to take each 64 KiB of a reply or each write of an event stream")
	maxConns := fs.Int("max-conns", upstream.DefaultMaxConns, "connections open at once; one more is accepted and closed at once")
	maxMemory := sizeFlag(fs, "maxmemory", 256<<20, "refuse writes with Redis's OOM error past this heap `size`: 256mb, 1gb or bytes (0 = no limit)")
	scriptTimeout := fs.Duration("script-timeout", upstream.DefaultScriptTimeout, "stop a Lua script that runs longer, answering BUSY")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "simulate serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitBadInput
	}
	v, err := simtls.ParseVersion(*version)
	if err != nil {
		fmt.Fprintf(stderr, "simulate serve: --tls: %v\n", err)
		return exitBadInput
	}
	if *rtt < 0 || *serverTime < 0 || *idle < 0 || *headerTimeout <= 0 || *scriptTimeout <= 0 {
		fmt.Fprintln(stderr, "simulate serve: --rtt, --server-time and --idle-timeout must not be negative, --read-header-timeout and --script-timeout must be positive")
		return exitBadInput
	}
	if *maxConns <= 0 {
		fmt.Fprintf(stderr, "simulate serve: --max-conns %d must be positive\n", *maxConns)
		return exitBadInput
	}
	if *maxMemory > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// The collector then works harder as the heap nears the cap, so
		// garbage does not take the process past it.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(*maxMemory))
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "simulate serve: --addr %q: %v\n", *addr, err)
		return exitBadInput
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if *token == "" {
		*token = rand.Text()
	}

	var hosts []string
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		hosts = append(hosts, host)
	}
	authority, err := simtls.NewAuthority(hosts...)
	if err != nil {
		fmt.Fprintf(stderr, "simulate serve: %v\n", err)
		return exitFailed
	}
	caFile, removeCA, err := writeCA(authority, *caOut)
	if err != nil {
		fmt.Fprintf(stderr, "simulate serve: --ca-out: %v\n", err)
		return exitFailed
	}
	defer removeCA()
	sched := netem.NewScheduler()
	defer sched.Close()
	srv, err := upstream.New(upstream.Config{
		Token:             *token,
		ReadOnlyToken:     *readOnly,
		ServerTime:        dist.Constant(*serverTime),
		IdleTimeout:       *idle,
		ReadHeaderTimeout: *headerTimeout,
		MaxConns:          *maxConns,
		MaxMemory:         *maxMemory,
		ScriptTimeout:     *scriptTimeout,
		TLS:               simtls.ServerOptions{MinVersion: v, MaxVersion: v, SessionTickets: true},
	}, upstream.WithWait(sched.Sleep))
	if err != nil {
		fmt.Fprintf(stderr, "simulate serve: %v\n", err)
		return exitBadInput
	}
	ln, closeLink, err := listen(sched, net.JoinHostPort(host, port), *rtt)
	if err != nil {
		srv.Close()
		fmt.Fprintf(stderr, "simulate serve: %v\n", err)
		return exitFailed
	}
	defer closeLink()

	_, realPort, _ := net.SplitHostPort(ln.Addr().String())
	urlHost := host
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		urlHost = "127.0.0.1"
	}
	caPath, _ := filepath.Abs(caFile)
	fmt.Fprintf(stdout, "export UPSTASH_REDIS_REST_URL=https://%s\nexport UPSTASH_REDIS_REST_TOKEN=%s\nexport NODE_EXTRA_CA_CERTS=%s\n",
		net.JoinHostPort(urlHost, realPort), *token, caPath)
	slog.Info("simulate serve: listening", "addr", ln.Addr().String(), "rtt", *rtt, "tls", *version)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln, authority) }()
	select {
	case <-ctx.Done():
		srv.Close()
		<-errc
		return exitOK
	case err := <-errc:
		srv.Close()
		fmt.Fprintf(stderr, "simulate serve: %v\n", err)
		return exitFailed
	}
}
