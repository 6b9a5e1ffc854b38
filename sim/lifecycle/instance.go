package lifecycle

import (
	"context"
	"crypto/tls"
	"strconv"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
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

	// world is the container's process, where every agent is created: the
	// global one and the handler ones it abandons. It holds an agent only
	// while the agent has a socket open.
	world  *agent.World
	global *agent.Client
}

func (p *Platform) loadRedisFunction(fn *Function, id int) (instance, error) {
	r := &redisFunction{
		fn:      fn,
		backend: p.backend,
		dial:    p.backend.Dialer(),
		tls:     p.backend.TLS(p.serverName),
		seed:    dist.Derive(fn.Seed, "keys/"+strconv.Itoa(id)),
		world: agent.NewWorld(append([]agent.WorldOption{
			agent.WithCPUShare(fn.CPUShare),
			agent.WithClientInit(fn.ClientInit),
			agent.WithSleep(p.backend.Sleep),
		}, fn.worldOptions()...)...),
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
	a, err := r.world.NewAgent(r.fn.Agent, r.dial, r.tls)
	if err != nil {
		return nil, err
	}
	c, err := agent.NewClient(a, r.backend.URL, r.backend.Token, agent.WithSeed(seed),
		agent.WithTimeout(r.fn.Timeout), agent.WithRetry(r.fn.Retry))
	if err != nil {
		a.Close()
		return nil, err
	}
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
	inv.ClosesSeen += r.world.TakeIdleCloses()
	if err != nil {
		inv.ErrorKind = agent.Classify(err)
	}
	if r.global == nil && r.fn.CloseAtEnd {
		c.Agent().Close()
	}
	return err
}

// freeze, thaw and close cost the same however many agents the handler
// abandoned: they act on the world, not on each agent.
func (r *redisFunction) freeze() { r.world.Freeze() }
func (r *redisFunction) thaw()   { r.world.Thaw() }
func (r *redisFunction) close()  { r.world.Close() }
