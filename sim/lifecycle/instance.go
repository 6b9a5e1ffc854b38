package lifecycle

import (
	"context"
	"crypto/tls"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// instance is the function's code loaded in one container: its globals and
// its handler.
type instance interface {
	handle(ctx context.Context, inv *Invocation) error
	freeze()
	thaw()
	close()
}

// newInstance loads a function into container id, after its init time.
type newInstance func(fn *Function, id int) (instance, error)

// redisFunction is the article's function: a handler that sends its work to
// Redis over REST with an https.Agent created globally or per invocation.
type redisFunction struct {
	fn      *Function
	backend Backend
	dial    agent.DialFunc
	tls     *tls.Config
	seed    uint64

	global *agent.Client
	// agents holds every agent created in this container that may still own
	// sockets: the global one and abandoned handler ones.
	agents []*agent.Agent
}

func (p *Platform) loadRedisFunction(fn *Function, id int) (instance, error) {
	r := &redisFunction{
		fn:      fn,
		backend: p.backend,
		dial:    p.backend.Link.Dialer(p.backend.Link.NewResolver()).DialContext,
		tls:     p.backend.Authority.ClientConfig(simtls.ClientOptions{ServerName: p.serverName}),
		seed:    fn.Seed ^ uint64(id)*0x9e3779b97f4a7c15,
	}
	if fn.placement() == agent.Global {
		c, err := r.newClient(r.seed)
		if err != nil {
			return nil, err
		}
		r.global = c
	}
	return r, nil
}

func (r *redisFunction) newClient(seed uint64) (*agent.Client, error) {
	a, err := agent.New(r.fn.Agent, r.dial, r.tls)
	if err != nil {
		return nil, err
	}
	c, err := agent.NewClient(a, r.backend.URL, r.backend.Token, agent.WithSeed(seed))
	if err != nil {
		a.Close()
		return nil, err
	}
	r.agents = append(r.agents, a)
	return c, nil
}

func (r *redisFunction) handle(ctx context.Context, inv *Invocation) error {
	c := r.global
	if c == nil {
		var err error
		if c, err = r.newClient(r.seed + uint64(inv.Seq)); err != nil {
			return err
		}
	}
	start := time.Now()
	recs, err := c.Do(ctx, r.fn.Work)
	inv.RedisMs = agent.Ms(time.Since(start))
	inv.addCalls(recs)
	if r.global == nil && r.fn.CloseAtEnd {
		c.Agent().Close()
	}
	return err
}

// freeze also forgets abandoned agents with no socket left: nothing of them
// can run again.
func (r *redisFunction) freeze() {
	kept := r.agents[:0]
	for _, a := range r.agents {
		if r.global != nil && a == r.global.Agent() || a.Stats().Open > 0 {
			a.Freeze()
			kept = append(kept, a)
		}
	}
	clear(r.agents[len(kept):])
	r.agents = kept
}

func (r *redisFunction) thaw() {
	for _, a := range r.agents {
		a.Thaw()
	}
}

func (r *redisFunction) close() {
	for _, a := range r.agents {
		a.Close()
	}
	r.agents = nil
}
