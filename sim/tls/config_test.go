package tls_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"testing"

	simtls "github.com/coldwire/coldwire/sim/tls"
)

// handshake runs one client/server handshake over an in-memory pipe and
// returns what each side saw.
func handshake(t *testing.T, client, server *tls.Config) (cs, ss tls.ConnectionState) {
	t.Helper()
	c, s := net.Pipe()
	defer c.Close()
	defer s.Close()
	srv := tls.Server(s, server)
	errc := make(chan error, 1)
	go func() {
		err := srv.Handshake()
		if err == nil {
			// TLS 1.3 tickets arrive after the handshake: let the client read them.
			_, err = srv.Write([]byte("x"))
		}
		errc <- err
	}()
	cli := tls.Client(c, client)
	if err := cli.Handshake(); err != nil {
		t.Fatalf("client handshake: %v", err)
	}
	if _, err := cli.Read(make([]byte, 1)); err != nil {
		t.Fatalf("client read: %v", err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("server handshake: %v", err)
	}
	return cli.ConnectionState(), srv.ConnectionState()
}

func TestHandshakeVersionsAndResumption(t *testing.T) {
	a, err := simtls.NewAuthority("redis.coldwire.test")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		version     string
		tickets     bool
		cache       int
		wantResumed bool
	}{
		{"1.3", true, 100, true},
		{"1.2", true, 100, true},
		{"1.3", true, 0, false},
		{"1.2", false, 100, false},
	}
	for _, tt := range tests {
		v, err := simtls.ParseVersion(tt.version)
		if err != nil {
			t.Fatal(err)
		}
		server := a.ServerConfig(simtls.ServerOptions{MinVersion: v, MaxVersion: v, SessionTickets: tt.tickets})
		client := a.ClientConfig(simtls.ClientOptions{ServerName: "redis.coldwire.test", SessionCacheSize: tt.cache})
		first, _ := handshake(t, client, server)
		if first.Version != v || first.DidResume {
			t.Errorf("%+v: first handshake version %s resumed %v", tt, simtls.VersionName(first.Version), first.DidResume)
		}
		second, ss := handshake(t, client, server)
		if second.DidResume != tt.wantResumed || ss.DidResume != tt.wantResumed {
			t.Errorf("%+v: second handshake resumed client=%v server=%v, want %v", tt, second.DidResume, ss.DidResume, tt.wantResumed)
		}
	}
}

func TestCertificateNamesAndUntrustedClients(t *testing.T) {
	a, err := simtls.NewAuthority("db.example.test")
	if err != nil {
		t.Fatal(err)
	}
	server := a.ServerConfig(simtls.ServerOptions{SessionTickets: true})
	for _, name := range []string{"localhost", "127.0.0.1", "::1", "db.example.test"} {
		handshake(t, a.ClientConfig(simtls.ClientOptions{ServerName: name}), server)
	}

	other, err := simtls.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	c, s := net.Pipe()
	defer c.Close()
	defer s.Close()
	go tls.Server(s, server).Handshake()
	if err := tls.Client(c, other.ClientConfig(simtls.ClientOptions{ServerName: "localhost"})).Handshake(); err == nil {
		t.Error("a client trusting another CA accepted the certificate")
	}
}

func TestWriteCA(t *testing.T) {
	a, err := simtls.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := a.WriteCA(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("not a PEM certificate: %q", data)
	}
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.IsCA {
		t.Error("written certificate is not a CA")
	}
}

func TestParseVersion(t *testing.T) {
	for _, bad := range []string{"", "1.1", "1.4", "tls1.3"} {
		if _, err := simtls.ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) accepted it", bad)
		}
	}
}

func TestALPN(t *testing.T) {
	a, err := simtls.NewAuthority()
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := handshake(t,
		a.ClientConfig(simtls.ClientOptions{ServerName: "localhost", ALPN: []string{"h2", "http/1.1"}}),
		a.ServerConfig(simtls.ServerOptions{ALPN: []string{"h2", "http/1.1"}}))
	if cs.NegotiatedProtocol != "h2" {
		t.Errorf("negotiated %q, want h2", cs.NegotiatedProtocol)
	}
}
