package experiment

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
)

// runTarget runs scenario s against the real endpoint it names: the
// containers dial it over the real network, with no link and no database
// in process, so the server-side counters are unknown.
func runTarget(ctx context.Context, s, host scenario.Scenario, cfg config) (Outcome, error) {
	t := s.Upstream.Target
	token := os.Getenv(t.TokenEnv)
	if token == "" {
		return Outcome{}, fmt.Errorf("upstream: environment variable %s is not set or empty", t.TokenEnv)
	}
	roots, err := targetRoots(t.CAPath)
	if err != nil {
		return Outcome{}, err
	}
	backend := lifecycle.Backend{
		URL:   t.URL,
		Token: token,
		// A dialer per container: Go's resolver has no cache of its own,
		// so every connection looks its name up, as a cold container does.
		Dialer: func() agent.DialFunc { return (&net.Dialer{}).DialContext },
		TLS: func(name string) *tls.Config {
			return &tls.Config{ServerName: name, RootCAs: roots, MinVersion: tls.VersionTLS12}
		},
	}
	d, out, err := drive(ctx, s, host, backend, function(host), cfg, nil)
	if err != nil {
		return out, err
	}
	closeErr := closePlatform(d.platform)
	out.Counts = report.ScenarioCounts{Dropped: out.Counts.Dropped, ServerUnknown: true}
	out.Spans = d.spans(s.Name)
	return out, closeErr
}

// targetRoots are the system's roots plus those in path, if any.
func targetRoots(path string) (*x509.CertPool, error) {
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if path == "" {
		return roots, nil
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("upstream: ca_file: %w", err)
	}
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("upstream: ca_file %s holds no PEM certificate", path)
	}
	return roots, nil
}
