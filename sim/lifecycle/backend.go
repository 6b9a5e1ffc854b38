package lifecycle

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/clock"
)

// Backend is the database every handler calls. It says how containers reach
// it rather than what carries the traffic, so the same platform runs against
// an emulated link or a real endpoint.
type Backend struct {
	// URL is the database, e.g. https://redis.coldwire.test:PORT.
	URL   string
	Token string
	// Dialer makes one container's dial func. It is called once per
	// container, so a container can own a resolver: a cold container then
	// has a cold DNS cache.
	Dialer func() agent.DialFunc
	// TLS makes a container's client config for the database's server name.
	TLS func(serverName string) *tls.Config
	// Sleep waits out modelled time: a cold start's init, a function's CPU
	// work. nil leaves it to a Go timer, which can wake a millisecond late.
	Sleep func(ctx context.Context, d time.Duration) error
}

// serverName validates the backend and returns the TLS server name.
func (b Backend) serverName() (string, error) {
	u, err := url.Parse(b.URL)
	if err != nil {
		return "", fmt.Errorf("lifecycle: backend url: %w", err)
	}
	if u.Scheme != "https" || u.Hostname() == "" {
		return "", fmt.Errorf("lifecycle: backend url %q: want https://host:port", b.URL)
	}
	switch {
	case b.Dialer == nil:
		return "", errors.New("lifecycle: backend has no dialer")
	case b.TLS == nil:
		return "", errors.New("lifecycle: backend has no TLS config")
	}
	return u.Hostname(), nil
}

// sleep waits d with the backend's Sleep, else with a timer.
func (b Backend) sleep(ctx context.Context, d time.Duration) error {
	if b.Sleep != nil {
		return b.Sleep(ctx, d)
	}
	return clock.Sleep(ctx, d)
}
