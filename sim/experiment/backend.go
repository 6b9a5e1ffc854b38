package experiment

import (
	"crypto/tls"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// emulatedBackend reaches the in-process database across link: each
// container resolves names through a resolver of its own, trusts auth, and
// waits out CPU time on the link's precise clock.
func emulatedBackend(url, token string, link *netem.Link, auth *simtls.Authority) lifecycle.Backend {
	return lifecycle.Backend{
		URL:    url,
		Token:  token,
		Dialer: func() agent.DialFunc { return link.Dialer(link.NewResolver()).DialContext },
		TLS: func(name string) *tls.Config {
			return auth.ClientConfig(simtls.ClientOptions{ServerName: name})
		},
		Sleep: link.Sleep,
	}
}
