package agent

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Work is what the function asks of Redis in one invocation. With no
// Commands it is the article's single `SET <random key> <random value> EX 60`.
type Work struct {
	Commands [][]string
	// Pipeline sends all commands in one request to /pipeline instead of
	// one request per command.
	Pipeline bool
}

// Validate reports commands the REST API cannot carry.
func (w Work) Validate() error {
	for i, c := range w.Commands {
		if len(c) == 0 || strings.TrimSpace(c[0]) == "" {
			return fmt.Errorf("agent: command %d is empty", i+1)
		}
	}
	return nil
}

// Client speaks the Upstash Redis REST protocol through an Agent: a command
// is a JSON array POSTed to the database URL with a bearer token.
type Client struct {
	agent   *Agent
	base    *url.URL
	token   string
	timeout time.Duration
	retry   Retry

	mu  sync.Mutex
	rng *rand.Rand
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// WithSeed seeds the random keys and values of the default work, so a run
// repeats.
func WithSeed(seed uint64) ClientOption {
	return func(c *Client) { c.rng = rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d)) }
}

// WithTimeout bounds each HTTP request, as an AbortSignal.timeout does; 0,
// the default, waits as long as it takes, as Node does.
func WithTimeout(d time.Duration) ClientOption { return func(c *Client) { c.timeout = d } }

// WithRetry retries failed requests as r says (default: never).
func WithRetry(r Retry) ClientOption { return func(c *Client) { c.retry = r } }

// NewClient returns a client of the database at rawURL (https://host:port).
func NewClient(a *Agent, rawURL, token string, opts ...ClientOption) (*Client, error) {
	if a == nil {
		return nil, errors.New("agent: nil agent")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("agent: database url: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("agent: database url %q: want https://host[:port]", rawURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	c := &Client{agent: a, base: u, token: token}
	WithSeed(1)(c)
	for _, o := range opts {
		o(c)
	}
	if c.timeout < 0 {
		return nil, fmt.Errorf("agent: timeout %v is negative", c.timeout)
	}
	if err := c.retry.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Agent returns the agent the client sends through.
func (c *Client) Agent() *Agent { return c.agent }

// Do runs the work and returns one Record per HTTP request sent: one per
// command, or one for a pipeline, and one more for each retry. On error the
// records so far are returned, the failed one last.
func (c *Client) Do(ctx context.Context, w Work) ([]Record, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	cmds := w.Commands
	if len(cmds) == 0 {
		cmds = [][]string{c.defaultSet()}
	}
	if w.Pipeline {
		return c.try(ctx, "/pipeline", cmds, nil)
	}
	recs := make([]Record, 0, len(cmds))
	for _, cmd := range cmds {
		var err error
		if recs, err = c.try(ctx, "", cmd, recs); err != nil {
			return recs, err
		}
	}
	return recs, nil
}

// try sends one request, retrying it as the client's policy says, and
// appends a record per attempt to recs.
func (c *Client) try(ctx context.Context, path string, payload any, recs []Record) ([]Record, error) {
	for n := 1; ; n++ {
		rec, err := c.send(ctx, path, payload)
		rec.Attempt = n
		recs = append(recs, rec)
		if err == nil || !c.retry.again(n, rec) {
			return recs, err
		}
		if werr := c.retry.wait(ctx, n, c.agent.world.cpu.sleep); werr != nil {
			return recs, err
		}
	}
}

func (c *Client) defaultSet() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return []string{"SET", "coldwire:" + c.hex(8), c.hex(16), "EX", "60"}
}

func (c *Client) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(c.rng.Uint32())
	}
	return hex.EncodeToString(b)
}

// reply is one command's answer: {"result": ...} or {"error": "..."}.
type reply struct {
	Result json.RawMessage `json:"result"`
	Error  string          `json:"error"`
}

func (c *Client) send(ctx context.Context, path string, payload any) (Record, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return Record{}, fmt.Errorf("agent: encode command: %w", err)
	}
	u := *c.base
	u.Path += path
	if u.Path == "" {
		u.Path = "/"
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return Record{}, fmt.Errorf("agent: request: %w", err)
	}
	// Without a way to rewind the body, net/http does not silently resend a
	// request that failed on a reused socket; Node does not either, and
	// retries are the client's policy.
	req.GetBody = nil
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.agent.Do(req)
	if err != nil {
		return res.Record, err
	}
	if err := check(path, res); err != nil {
		err = httpError{err}
		res.Record.Err = err.Error()
		res.Record.Kind = KindHTTP
		return res.Record, err
	}
	return res.Record, nil
}

// check turns a non-2xx status or a Redis error into an error.
func check(path string, res Result) error {
	ok := res.Status >= 200 && res.Status < 300
	if path == "/pipeline" && ok {
		var replies []reply
		if err := json.Unmarshal(res.Body, &replies); err != nil {
			return fmt.Errorf("agent: pipeline reply: %w", err)
		}
		for i, r := range replies {
			if r.Error != "" {
				return fmt.Errorf("agent: pipeline command %d: %s", i+1, r.Error)
			}
		}
		return nil
	}
	var r reply
	if err := json.Unmarshal(res.Body, &r); err != nil {
		if !ok {
			return fmt.Errorf("agent: database answered %d: %s", res.Status, bytes.TrimSpace(res.Body))
		}
		return fmt.Errorf("agent: reply: %w", err)
	}
	switch {
	case !ok && r.Error != "":
		return fmt.Errorf("agent: database answered %d: %s", res.Status, r.Error)
	case !ok:
		return fmt.Errorf("agent: database answered %d", res.Status)
	case r.Error != "":
		return fmt.Errorf("agent: redis: %s", r.Error)
	}
	return nil
}
