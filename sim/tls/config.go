package tls

import (
	"crypto/tls"
	"fmt"
)

// ServerOptions choose what the server offers. Zero versions mean TLS 1.2 to
// TLS 1.3; nil ALPN offers http/1.1 only.
type ServerOptions struct {
	MinVersion, MaxVersion uint16
	SessionTickets         bool
	ALPN                   []string
}

// ServerConfig returns a server configuration presenting the authority's
// certificate.
func (a *Authority) ServerConfig(o ServerOptions) *tls.Config {
	minV, maxV := versions(o.MinVersion, o.MaxVersion)
	alpn := o.ALPN
	if len(alpn) == 0 {
		alpn = []string{"http/1.1"}
	}
	return &tls.Config{
		Certificates:           []tls.Certificate{a.cert},
		MinVersion:             minV,
		MaxVersion:             maxV,
		SessionTicketsDisabled: !o.SessionTickets,
		NextProtos:             append([]string(nil), alpn...),
	}
}

// ClientOptions choose what the client offers. SessionCacheSize is the
// number of TLS sessions kept for resumption; 0 turns resumption off.
type ClientOptions struct {
	ServerName             string
	MinVersion, MaxVersion uint16
	SessionCacheSize       int
	ALPN                   []string
}

// ClientConfig returns a client configuration that trusts only the
// authority's CA.
func (a *Authority) ClientConfig(o ClientOptions) *tls.Config {
	minV, maxV := versions(o.MinVersion, o.MaxVersion)
	cfg := &tls.Config{
		RootCAs:    a.pool,
		ServerName: o.ServerName,
		MinVersion: minV,
		MaxVersion: maxV,
		NextProtos: append([]string(nil), o.ALPN...),
	}
	if o.SessionCacheSize > 0 {
		cfg.ClientSessionCache = tls.NewLRUClientSessionCache(o.SessionCacheSize)
	}
	return cfg
}

func versions(minV, maxV uint16) (uint16, uint16) {
	if minV == 0 {
		minV = tls.VersionTLS12
	}
	if maxV == 0 {
		maxV = tls.VersionTLS13
	}
	return minV, maxV
}

// ParseVersion turns "1.2" or "1.3" into a crypto/tls version.
func ParseVersion(s string) (uint16, error) {
	switch s {
	case "1.2":
		return tls.VersionTLS12, nil
	case "1.3":
		return tls.VersionTLS13, nil
	}
	return 0, fmt.Errorf("tls: version %q not supported (want 1.2 or 1.3)", s)
}

// VersionName turns a crypto/tls version into "1.2" or "1.3".
func VersionName(v uint16) string {
	switch v {
	case tls.VersionTLS12:
		return "1.2"
	case tls.VersionTLS13:
		return "1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}
