package load

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// maxBuffer bounds the results held for a slow consumer; beyond it the
// consumer slows the attack down, as with vegeta's own channel.
const maxBuffer = 4096

// Result is one invocation.
type Result struct {
	// Seq numbers invocations from 0 across the whole plan, in the order
	// they were sent. Vegeta.Seq restarts at 0 in every burst.
	Seq int
	// Phase is the burst an invocation belongs to (0 for other patterns).
	Phase int
	// Intended is when the invocation was meant to leave: the schedule's time
	// for open loops, Vegeta.Timestamp for closed ones.
	Intended time.Time
	// Canceled reports an invocation cut short by the run's cancellation; its
	// error says so and its latency is not the platform's.
	Canceled bool
	// Vegeta is vegeta's record of the invocation, with the front door's
	// response headers and body.
	Vegeta vegeta.Result
}

// LatencyFromIntended is the latency seen from the intended send time, which
// includes any time the invocation waited to be sent.
func (r *Result) LatencyFromIntended() time.Duration { return r.Vegeta.End().Sub(r.Intended) }

// Run sends the plan's invocations to target, a front door URL such as
// http://127.0.0.1:8080/fn, and streams their results in completion order
// on the returned channel, which it closes when the plan is done.
//
// Cancelling ctx stops sending at once and aborts the invocations in flight;
// the results collected until then are still delivered. The caller must
// drain the channel until it is closed.
func Run(ctx context.Context, target string, plan Plan, opts ...Option) (<-chan Result, error) {
	phases, total, err := plan.phases()
	if err != nil {
		return nil, err
	}
	if err := checkTarget(target); err != nil {
		return nil, err
	}
	cfg := newConfig(opts)
	if cfg.method == "" {
		return nil, fmt.Errorf("load: empty HTTP method")
	}

	var client http.Client
	closeIdle := func() {}
	if cfg.client != nil {
		client = *cfg.client
	} else {
		tr := newTransport()
		client = http.Client{Transport: tr, Timeout: vegeta.DefaultTimeout}
		closeIdle = tr.CloseIdleConnections
	}
	if cfg.timeout > 0 {
		client.Timeout = cfg.timeout
	}
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	client.Transport = &cancelTransport{ctx: ctx, base: base}

	r := &runner{
		ctx:      ctx,
		cfg:      cfg,
		client:   &client,
		targeter: vegeta.NewStaticTargeter(vegeta.Target{Method: cfg.method, URL: target}),
		total:    total,
		out:      make(chan Result, min(total, maxBuffer)),
	}
	go func() {
		defer close(r.out)
		defer closeIdle()
		r.run(phases)
	}()
	return r.out, nil
}

func checkTarget(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("load: target: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("load: target %q is not an http(s) URL with a host", target)
	}
	return nil
}

type runner struct {
	ctx      context.Context
	cfg      config
	client   *http.Client
	targeter vegeta.Targeter
	total    int
	done     int
	out      chan Result
}

func (r *runner) run(phases []phase) {
	seq := 0
	for _, ph := range phases {
		if ph.gap > 0 && !r.idle(ph.gap) {
			return
		}
		if r.ctx.Err() != nil {
			return
		}
		r.attack(ph, seq)
		seq += ph.count
	}
}

// idle waits between phases and reports whether the run goes on.
func (r *runner) idle(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.ctx.Done():
		return false
	}
}

// attack runs one phase with an attacker of its own: a vegeta Attacker stops
// itself at the end of an attack and cannot run another.
func (r *runner) attack(ph phase, seqBase int) {
	var (
		pacer      vegeta.Pacer
		sched      *schedulePacer
		attackOpts = []func(*vegeta.Attacker){vegeta.MaxBody(r.cfg.maxBody)}
	)
	if ph.offset != nil {
		sched = &schedulePacer{ctx: r.ctx, count: ph.count, rate: ph.rate, offset: ph.offset}
		pacer = sched
	} else {
		pacer = closedPacer{ctx: r.ctx, count: ph.count}
		attackOpts = append(attackOpts, vegeta.Workers(uint64(ph.users)), vegeta.MaxWorkers(uint64(ph.users)))
	}
	// Client replaces the attacker's whole http.Client, and the transport
	// options assume vegeta's own *http.Transport, so it goes last.
	attackOpts = append(attackOpts, vegeta.Client(r.client))
	atk := vegeta.NewAttacker(attackOpts...)

	stop := context.AfterFunc(r.ctx, func() { atk.Stop() })
	defer stop()

	for vr := range atk.Attack(r.targeter, pacer, 0, r.cfg.name) {
		// A tick the pacer released just before cancellation can still reach
		// a worker; the transport refuses to send it.
		if strings.HasSuffix(vr.Error, errNotSent.Error()) {
			continue
		}
		res := Result{
			Seq:      seqBase + int(vr.Seq),
			Phase:    ph.index,
			Intended: vr.Timestamp,
			Vegeta:   *vr,
		}
		if sched != nil {
			res.Intended = sched.intended(int(vr.Seq))
		}
		res.Canceled = vr.Error != "" && r.ctx.Err() != nil
		r.out <- res
		r.done++
		if r.cfg.progress != nil {
			r.cfg.progress(r.done, r.total)
		}
	}
}
