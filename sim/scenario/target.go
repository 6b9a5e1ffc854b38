package scenario

import (
	"crypto/x509"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Target is a real, Upstash-compatible endpoint the function calls instead
// of the emulated database.
type Target struct {
	// URL is the endpoint, https://host[:port].
	URL string
	// TokenEnv names the environment variable that holds the token, so
	// that no file carries a secret.
	TokenEnv string
	// CAFile, as written, holds PEM roots trusted besides the system's.
	CAFile string
	// CAPath is CAFile resolved against the scenario file's directory.
	CAPath string
}

// databaseSide are the upstream keys that configure the emulated database,
// which a real endpoint does not have.
var databaseSide = []string{"server_time", "idle_timeout", "idle_close", "keep_alive_hint", "tls", "session_tickets"}

var urlField = field{key: "url", set: func(d *decoder, n *yaml.Node, s *Scenario) {
	if !d.scalar(n, "an https URL") {
		return
	}
	u, err := url.Parse(n.Value)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" || (u.Path != "" && u.Path != "/") {
		d.errorf(n, "is %s, want an https URL such as https://eu1-example.upstash.io", show(n))
		return
	}
	s.Upstream.Target.URL = strings.TrimSuffix(n.Value, "/")
}}

var tokenEnvField = field{key: "token_env", set: func(d *decoder, n *yaml.Node, s *Scenario) {
	if d.scalar(n, "the name of an environment variable") {
		s.Upstream.Target.TokenEnv = n.Value
	}
}}

var caFileField = field{key: "ca_file", set: func(d *decoder, n *yaml.Node, s *Scenario) {
	if d.scalar(n, "a PEM file") {
		s.Upstream.Target.CAFile = n.Value
	}
}}

// checkTarget reports what a real endpoint cannot honour or lacks: the
// emulated network and database settings, a token, readable roots.
func (d *decoder) checkTarget(s *Scenario, pick func(...string) *yaml.Node) {
	t := &s.Upstream.Target
	if d.at["upstream.url"] == nil {
		for _, key := range []string{"token_env", "ca_file"} {
			if n := d.at["upstream."+key]; n != nil {
				d.errorf(pick("upstream."+key), "needs upstream.url: it configures a real endpoint")
			}
		}
		return
	}
	if t.URL == "" {
		return
	}
	for path, n := range d.at {
		if strings.HasPrefix(path, "network.") && n != nil {
			d.errorf(pick(path), "does not apply with upstream.url: a real endpoint is reached over the real network")
		}
	}
	for _, key := range databaseSide {
		if d.at["upstream."+key] != nil {
			d.errorf(pick("upstream."+key), "does not apply with upstream.url: it configures the emulated database")
		}
	}
	if s.Function.Runtime == RuntimeNode {
		d.errorf(pick("function.runtime"), "runtime node calls the emulated database; use runtime go with upstream.url")
	}
	switch {
	case t.TokenEnv == "":
		d.errorf(pick("upstream.url"), "needs upstream.token_env: the name of the environment variable holding the token")
	case os.Getenv(t.TokenEnv) == "":
		d.errorf(pick("upstream.token_env"), "environment variable %s is not set or empty", clip(t.TokenEnv))
	}
	if t.CAFile == "" {
		return
	}
	t.CAPath = t.CAFile
	if !filepath.IsAbs(t.CAPath) {
		t.CAPath = filepath.Join(filepath.Dir(d.file), t.CAPath)
	}
	pem, err := os.ReadFile(t.CAPath)
	if err != nil {
		if u := errors.Unwrap(err); u != nil {
			err = u
		}
		d.errorf(pick("upstream.ca_file"), "cannot read: %v", err)
		return
	}
	if !x509.NewCertPool().AppendCertsFromPEM(pem) {
		d.errorf(pick("upstream.ca_file"), "%s holds no PEM certificate", clip(t.CAFile))
	}
}
