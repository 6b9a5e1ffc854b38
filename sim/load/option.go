package load

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/coldwire/coldwire/sim/clock"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// DefaultMaxBody bounds the response body kept in each Result; the front
// door's invocation record is far smaller.
const DefaultMaxBody = 1 << 20

// Option configures Run.
type Option func(*config)

type config struct {
	client   *http.Client
	method   string
	name     string
	maxBody  int64
	timeout  time.Duration
	progress func(done, total int)
	sleep    func(context.Context, time.Duration) error
}

func newConfig(opts []Option) config {
	c := config{method: http.MethodGet, maxBody: DefaultMaxBody, sleep: clock.Sleep}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithSleep sets how the run waits for an open loop's next arrival and
// between bursts. The default, a Go timer, wakes up to about a millisecond
// late on common Linux machines, which moves every arrival off its schedule
// by as much; a simulation passes a precise one, such as netem's Link.Sleep.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) {
		if sleep != nil {
			c.sleep = sleep
		}
	}
}

// WithClient makes the run send through c, so several runs can share its
// connections. The caller owns c, and its transport should keep as many idle
// connections per host as the plan has virtual users (http.DefaultTransport
// keeps 2). Without this option each Run uses a keep-alive client of its own
// and closes its connections at the end.
func WithClient(c *http.Client) Option { return func(cfg *config) { cfg.client = c } }

// WithMethod sets the HTTP method of every invocation (default GET).
func WithMethod(method string) Option { return func(c *config) { c.method = method } }

// WithName sets vegeta's attack name: it tags every result and is sent in
// the X-Vegeta-Attack header.
func WithName(name string) Option { return func(c *config) { c.name = name } }

// WithMaxBody bounds the bytes of each response body kept in the Result
// (default DefaultMaxBody; negative keeps everything).
func WithMaxBody(n int64) Option { return func(c *config) { c.maxBody = n } }

// WithTimeout bounds each invocation, including reading its body (default:
// the client's own timeout, vegeta.DefaultTimeout for the built-in client).
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithProgress calls fn after each delivered result, dropped ones included,
// with the number of results so far and the plan's Total, which is 0 when
// only a Duration ends the run. It is called from one goroutine and holds up
// delivery while it runs.
func WithProgress(fn func(done, total int)) Option { return func(c *config) { c.progress = fn } }

// newTransport keeps connections to the front door alive and plentiful: the
// front door is not what is measured, so no invocation should pay for a
// connection to it after the first.
func newTransport() *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		DialContext:         d.DialContext,
		MaxIdleConnsPerHost: vegeta.DefaultConnections,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}
