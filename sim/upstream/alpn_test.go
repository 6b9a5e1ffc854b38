package upstream

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	simtls "github.com/coldwire/coldwire/sim/tls"
)

// The server offers h2 and http/1.1 over ALPN, as Upstash's endpoints do:
// a client that offers h2 speaks HTTP/2, one that offers nothing speaks
// HTTP/1.1, and both are counted as connections the same way. The
// Keep-Alive hint goes with HTTP/1.1 only.
func TestALPNOffersHTTP2(t *testing.T) {
	for _, tt := range []struct {
		name   string
		offer  []string
		http2  bool
		proto  string
		server simtls.ServerOptions
	}{
		{"client offers h2", []string{"h2", "http/1.1"}, true, "HTTP/2.0", simtls.ServerOptions{}},
		{"client offers nothing", nil, false, "HTTP/1.1", simtls.ServerOptions{}},
		{"server configured for http/1.1 only", []string{"h2", "http/1.1"}, true, "HTTP/1.1", simtls.ServerOptions{ALPN: []string{"http/1.1"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, a, url := newTLSServer(t, Config{TLS: tt.server, KeepAliveHint: 5 * time.Second})
			var protos http.Protocols
			protos.SetHTTP1(true)
			protos.SetHTTP2(tt.http2)
			tr := &http.Transport{
				TLSClientConfig: a.ClientConfig(simtls.ClientOptions{ServerName: "127.0.0.1", ALPN: tt.offer}),
				Protocols:       &protos,
			}
			defer tr.CloseIdleConnections()
			for range 2 {
				req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`["PING"]`))
				req.Header.Set("Authorization", "Bearer "+testToken)
				resp, err := tr.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.Proto != tt.proto || resp.StatusCode != http.StatusOK {
					t.Fatalf("%s %d, want %s 200", resp.Proto, resp.StatusCode, tt.proto)
				}
				// RFC 9113 forbids connection headers on HTTP/2.
				if hint := resp.Header.Get("Keep-Alive"); (hint == "") != (resp.ProtoMajor == 2) {
					t.Fatalf("%s response with Keep-Alive %q", resp.Proto, hint)
				}
			}
			if st := s.Stats(); st.ConnsAccepted != 1 || st.Requests != 2 {
				t.Fatalf("stats %+v, want 2 requests on 1 connection", st)
			}
		})
	}
}

func TestMaxConcurrentStreamsValidated(t *testing.T) {
	if _, err := New(Config{Token: "t", MaxConcurrentStreams: -1}); err == nil {
		t.Fatal("MaxConcurrentStreams -1 accepted")
	}
}
