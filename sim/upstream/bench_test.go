package upstream

import (
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	simtls "github.com/coldwire/coldwire/sim/tls"
)

// BenchmarkKeptAliveTLS measures the server's own overhead: requests over one
// kept-alive TLS connection on loopback (RTT 0), beside a bare net/http TLS
// handler in the same run. Compare the req/s and p50-µs metrics.
func BenchmarkKeptAliveTLS(b *testing.B) {
	a, err := simtls.NewAuthority()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("upstream", func(b *testing.B) {
		s, err := New(Config{Token: testToken})
		if err != nil {
			b.Fatal(err)
		}
		benchTLS(b, a, func(ln net.Listener) (func(), error) {
			go s.Serve(ln, a)
			return func() { s.Close() }, nil
		}, `["SET","k","v"]`)
	})
	b.Run("bare-net-http", func(b *testing.B) {
		hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"result":"OK"}`)
		})}
		benchTLS(b, a, func(ln net.Listener) (func(), error) {
			go hs.Serve(tlsListener(ln, a))
			return func() { hs.Close() }, nil
		}, `["SET","k","v"]`)
	})
}

func tlsListener(ln net.Listener, a *simtls.Authority) net.Listener {
	return tls.NewListener(ln, a.ServerConfig(simtls.ServerOptions{}))
}

func benchTLS(b *testing.B, a *simtls.Authority, start func(net.Listener) (func(), error), body string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	stop, err := start(ln)
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	tr := &http.Transport{TLSClientConfig: a.ClientConfig(simtls.ClientOptions{}), MaxConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	url := "https://" + ln.Addr().String() + "/"
	do := func() {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	do() // the handshake is not what is measured
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	start0 := time.Now()
	for range b.N {
		t := time.Now()
		do()
		lat = append(lat, time.Since(t))
	}
	elapsed := time.Since(start0)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
}
