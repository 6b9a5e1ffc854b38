package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
)

// Errors an invocation can end with besides the handler's own.
var (
	ErrUnknownFunction = errors.New("lifecycle: unknown function")
	ErrClosed          = errors.New("lifecycle: platform closed")
	// ErrHandler wraps a failure of the function's handler, such as a
	// failed Redis call.
	ErrHandler = errors.New("lifecycle: handler failed")
	// ErrTimedOut is an invocation that ran past its function's
	// InvocationTimeout, worded as Lambda words it.
	ErrTimedOut = errors.New("Task timed out")
)

// Platform runs functions in containers behind a front door.
type Platform struct {
	backend    Backend
	serverName string
	load       newInstance
	log        *slog.Logger
	events     func(Event)
	records    func(Invocation)
	pools      map[string]*pool

	ln   net.Listener
	srv  *http.Server
	serr chan error

	mu       sync.Mutex
	lives    []Lifetime // by container number - 1
	closed   bool
	inflight sync.WaitGroup
	bg       sync.WaitGroup
}

// Option configures a Platform.
type Option func(*Platform)

// WithLogger sets the logger for container lifecycle messages (debug level).
func WithLogger(l *slog.Logger) Option { return func(p *Platform) { p.log = l } }

// WithEvents streams every lifecycle event to f as it happens, from the
// goroutine where it happens: f runs on the invocations' path, so it must
// be quick and safe for concurrent use. The events of one container reach f
// in order. The platform keeps none of them; Lifetimes keeps one summary
// per container.
func WithEvents(f func(Event)) Option { return func(p *Platform) { p.events = f } }

// WithRecords hands every invocation the front door served to f before the
// front door answers, and the answer then carries only the headers: a
// caller in the same process gets the whole record, of any size, without an
// encoding round trip. f runs on the invocations' path, so it must be quick
// and safe for concurrent use. X-Coldwire-Seq in the answer names the record.
func WithRecords(f func(Invocation)) Option { return func(p *Platform) { p.records = f } }

// withInstances replaces the Redis function with another body, for tests
// of the lifecycle alone.
func withInstances(f newInstance) Option { return func(p *Platform) { p.load = f } }

// New deploys fns and starts the front door on a loopback port.
func New(b Backend, fns []Function, opts ...Option) (*Platform, error) {
	p := &Platform{backend: b, pools: make(map[string]*pool), log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(p)
	}
	if p.load == nil {
		name, err := b.serverName()
		if err != nil {
			return nil, err
		}
		p.serverName = name
		p.load = p.loadFunction
	}
	if len(fns) == 0 {
		return nil, errors.New("lifecycle: no functions")
	}
	for _, fn := range fns {
		if err := fn.Validate(); err != nil {
			return nil, err
		}
		if _, dup := p.pools[fn.Name]; dup {
			return nil, fmt.Errorf("lifecycle: function %q defined twice", fn.Name)
		}
		p.pools[fn.Name] = &pool{p: p, fn: fn, init: fn.Init.Sampler(dist.Derive(fn.Seed, "init"))}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lifecycle: front door: %w", err)
	}
	p.ln = ln
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	p.serr = make(chan error, 1)
	go func() { p.serr <- p.srv.Serve(ln) }()
	return p, nil
}

// URL is the front door's base URL; functions are at URL()+"/"+name.
func (p *Platform) URL() string { return "http://" + p.ln.Addr().String() }

// Invoke calls a function directly, as the front door does.
func (p *Platform) Invoke(ctx context.Context, name string) (Invocation, error) {
	pl, ok := p.pools[name]
	if !ok {
		return Invocation{Function: name, Error: ErrUnknownFunction.Error()}, fmt.Errorf("%w %q", ErrUnknownFunction, name)
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return Invocation{Function: name, Error: ErrClosed.Error()}, ErrClosed
	}
	p.inflight.Add(1)
	p.mu.Unlock()
	defer p.inflight.Done()

	pl.mu.Lock()
	pl.seq++
	inv := Invocation{Function: name, Seq: pl.seq, Start: time.Now()}
	pl.mu.Unlock()

	got, err := pl.acquire(ctx)
	if err != nil {
		inv.Error = err.Error()
		return inv, err
	}
	c := got.c
	inv.Container, inv.Cold = c.id, got.cold
	inv.QueuedMs, inv.InitMs = ms(got.queued), ms(got.init)
	herr := revive(c, &inv)
	start := pl.enter(c, inv.Seq)
	if herr == nil {
		herr = pl.handle(ctx, c, &inv)
	}
	inv.HandlerMs = ms(time.Since(start))
	pl.leave(c, inv.Seq)
	pl.release(c)
	if herr != nil {
		inv.Error = herr.Error()
		return inv, fmt.Errorf("%w: %w", ErrHandler, herr)
	}
	return inv, nil
}

// Close stops the front door, lets running invocations finish, fails queued
// ones and reclaims every container, closing all their sockets. When ctx
// ends first, running requests are cut off.
func (p *Platform) Close(ctx context.Context) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()

	err := p.srv.Shutdown(ctx)
	if err != nil {
		err = errors.Join(fmt.Errorf("lifecycle: front door: %w", err), p.srv.Close())
	}
	if serr := <-p.serr; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	for _, pl := range p.pools {
		pl.shutdown()
	}
	p.inflight.Wait()
	p.bg.Wait()
	return err
}

func (p *Platform) emit(e Event) {
	p.lived(e)
	if p.events != nil {
		p.events(e)
	}
	if p.log.Enabled(context.Background(), slog.LevelDebug) {
		p.log.Debug("container", "function", e.Function, "container", e.Container, "event", string(e.Kind), "seq", e.Seq, "reason", e.Reason)
	}
}

// handle runs inv's handler in c within the function's invocation timeout.
// One that runs past it fails as Lambda's do, and the container's runtime
// is reset, so its sockets close now and the next invocation there starts
// a new one. A container running several invocations at once (Cloud Run,
// Fluid compute) is not reset: only the late request fails.
func (pl *pool) handle(ctx context.Context, c *container, inv *Invocation) error {
	limit := pl.fn.InvocationTimeout
	if limit <= 0 {
		return c.inst.handle(ctx, inv)
	}
	hctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	err := c.inst.handle(hctx, inv)
	if err == nil || ctx.Err() != nil || !errors.Is(hctx.Err(), context.DeadlineExceeded) {
		return err
	}
	inv.ErrorKind = agent.KindTimeout
	if pl.fn.concurrency() == 1 {
		c.inst.reset()
	}
	return fmt.Errorf("%w after %.2f seconds", ErrTimedOut, limit.Seconds())
}

// revive gives c a new runtime if its last one died or was reset, before
// inv runs: inv is then a cold start, its init the new runtime's start. It
// runs before the container is thawed, and the thaw finds the new runtime
// running.
func revive(c *container, inv *Invocation) error {
	restarted, took, err := c.inst.revive()
	if restarted {
		inv.Cold = true
		inv.InitMs += ms(took)
	}
	return err
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
