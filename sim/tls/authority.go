package tls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"time"
)

// Authority is an in-memory CA and the server certificate it issued.
type Authority struct {
	caPEM []byte
	pool  *x509.CertPool
	cert  tls.Certificate
	hosts []string
}

// validity is generous so a long-running `simulate serve` never sees its
// certificate expire; backdating absorbs clock skew between processes.
const validity = 30 * 24 * time.Hour

// NewAuthority creates an ECDSA P-256 CA and a server certificate for
// localhost, 127.0.0.1, ::1 and the given host names.
func NewAuthority(hosts ...string) (*Authority, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("tls: CA key: %w", err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "coldwire local CA", Organization: []string{"coldwire"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(validity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("tls: CA certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, fmt.Errorf("tls: CA certificate: %w", err)
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("tls: server key: %w", err)
	}
	names := append([]string{"localhost"}, hosts...)
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: names[len(names)-1], Organization: []string{"coldwire"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(validity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	for _, h := range names {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("tls: server certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("tls: server certificate: %w", err)
	}

	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return &Authority{
		caPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		pool:  pool,
		cert:  tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key, Leaf: leaf},
		hosts: names,
	}, nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(fmt.Sprintf("tls: crypto/rand failed: %v", err))
	}
	return n
}

// Hosts lists the names the server certificate is valid for.
func (a *Authority) Hosts() []string { return append([]string(nil), a.hosts...) }

// CAPEM returns the CA certificate in PEM form.
func (a *Authority) CAPEM() []byte { return append([]byte(nil), a.caPEM...) }

// Pool returns a pool holding only the CA.
func (a *Authority) Pool() *x509.CertPool { return a.pool.Clone() }

// WriteCA writes the CA certificate as PEM to path, for outside clients.
func (a *Authority) WriteCA(path string) error {
	if err := os.WriteFile(path, a.caPEM, 0o644); err != nil {
		return fmt.Errorf("tls: write CA: %w", err)
	}
	return nil
}
