package load

import (
	"context"
	"errors"
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

// ErrDropped is the error of an arrival that was not sent because
// Plan.MaxInFlight invocations were in flight already; a dropped Result's
// Vegeta.Error starts with its text.
var ErrDropped = errors.New("load: dropped, not sent: the bound on invocations in flight was reached")

// Result is one invocation, or one arrival dropped before it was sent.
type Result struct {
	// Seq numbers arrivals from 0 across the whole plan: in schedule order
	// for open loops, dropped ones included; in the order they were sent
	// for closed loops; burst i holds Burst.Size*i to Burst.Size*(i+1)-1.
	// Vegeta.Seq restarts at 0 in every burst and skips dropped arrivals.
	// When Duration ends a closed loop, a worker that took its tick in time
	// but reached the network after the end does not send it, and that
	// tick's number stays unused: numbers are unique and in sending order,
	// but may skip at the very end of the run.
	Seq int
	// Phase is the burst an invocation belongs to (0 for other patterns).
	Phase int
	// Intended is when the invocation was meant to leave: the schedule's time
	// for open loops, the burst's start for a dropped burst member,
	// Vegeta.Timestamp otherwise.
	Intended time.Time
	// Canceled reports an invocation cut short by the run's cancellation; its
	// error says so and its latency is not the platform's.
	Canceled bool
	// Dropped reports an arrival that was never sent because MaxInFlight
	// invocations were in flight at its time. Its Vegeta record holds only
	// the attack name, Timestamp (Intended), Method, URL and an Error
	// starting with ErrDropped's text: it has no code and no latency, and
	// belongs in a count of dropped arrivals, not among latencies.
	Dropped bool
	// Vegeta is vegeta's record of the invocation, with the front door's
	// response headers and body.
	Vegeta vegeta.Result
}

// LatencyFromIntended is the latency seen from the intended send time, which
// includes any time the invocation waited to be sent.
func (r *Result) LatencyFromIntended() time.Duration { return r.Vegeta.End().Sub(r.Intended) }

// Run sends the plan's invocations to target, a front door URL such as
// http://127.0.0.1:8080/fn, and streams their results in completion order
// on the returned channel, which it closes when the plan is done. Every
// arrival of an open loop or a burst yields a Result, sent or dropped.
//
// Cancelling ctx stops sending at once and aborts the invocations in flight;
// the results collected until then are still delivered. The caller must
// drain the channel until it is closed.
func Run(ctx context.Context, target string, plan Plan, opts ...Option) (<-chan Result, error) {
	if err := plan.Validate(); err != nil {
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
	if client.Transport == nil {
		client.Transport = http.DefaultTransport
	}

	total := plan.Total()
	buffer := maxBuffer
	if total > 0 {
		buffer = min(total, maxBuffer)
	}
	r := &runner{
		ctx:         ctx,
		plan:        plan,
		cfg:         cfg,
		client:      client,
		target:      vegeta.Target{Method: cfg.method, URL: target},
		total:       total,
		out:         make(chan Result, buffer),
		maxInFlight: plan.maxInFlight(),
	}
	go func() {
		defer close(r.out)
		defer closeIdle()
		r.run()
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
	ctx  context.Context
	plan Plan
	cfg  config
	// client is the run's client before each attack ties it to the run.
	client      http.Client
	target      vegeta.Target
	total       int
	done        int
	out         chan Result
	maxInFlight int
	// deadline is when the plan's Duration is over (zero without one).
	deadline time.Time
}

func (r *runner) run() {
	if r.plan.Duration > 0 {
		r.deadline = time.Now().Add(r.plan.Duration)
	}
	switch r.plan.Pattern {
	case Constant, Poisson, FromTrace:
		r.open()
	case Bursts:
		r.bursts()
	default:
		r.closed(0, 0, r.plan.Count, r.plan.users())
	}
}

// open runs an open loop, whose schedule ends it by itself.
func (r *runner) open() {
	fl := newFlights(r.maxInFlight)
	dropped := make(chan arrival)
	rate := r.plan.Rate
	if r.plan.Pattern == FromTrace {
		rate = r.plan.Trace.rate()
	}
	pacer := &openPacer{ctx: r.ctx, sleep: r.cfg.sleep, rate: rate, next: r.plan.arrivals(), flights: fl, dropped: dropped}
	// The pacer keeps the flights within the bound; capping the workers too
	// stops vegeta from starting one more for a flight that has landed while
	// its worker is still on its way back for the next tick.
	opts := []func(*vegeta.Attacker){vegeta.MaxWorkers(uint64(r.maxInFlight))}
	// vegeta numbers its results in the order its workers take ticks, which
	// is the order the ticks were sent.
	r.attack(0, pacer, opts, time.Time{}, func(vr *vegeta.Result) Result {
		a := fl.land(vr.Seq)
		return Result{Seq: a.seq, Intended: a.intended}
	}, dropped)
}

// bursts runs each burst as a closed loop of one invocation per virtual
// user; members beyond the bound on invocations in flight are dropped.
func (r *runner) bursts() {
	b := r.plan.Burst
	users := min(b.Size, r.maxInFlight)
	for i := 0; b.Count == 0 || i < b.Count; i++ {
		if i > 0 && !r.idle(b.Gap) {
			return
		}
		if r.ctx.Err() != nil || r.over() {
			return
		}
		start, seq := time.Now(), i*b.Size
		r.closed(i, seq, users, users)
		for s := seq + users; s < seq+b.Size; s++ {
			r.deliver(r.drop(i, arrival{seq: s, intended: start}))
		}
	}
}

// over reports whether the plan's Duration is over.
func (r *runner) over() bool { return !r.deadline.IsZero() && !time.Now().Before(r.deadline) }

// idle waits between bursts and reports whether the run goes on. A gap that
// outlasts the plan's Duration ends the run at once: nothing would follow it.
func (r *runner) idle(d time.Duration) bool {
	if !r.deadline.IsZero() && !time.Now().Add(d).Before(r.deadline) {
		return false
	}
	return r.cfg.sleep(r.ctx, d) == nil
}

// closed runs a closed loop of users virtual users that sends count
// invocations (0: until the deadline), numbered from seqBase.
func (r *runner) closed(phase, seqBase, count, users int) {
	pacer := closedPacer{ctx: r.ctx, count: count, until: r.deadline}
	opts := []func(*vegeta.Attacker){vegeta.Workers(uint64(users)), vegeta.MaxWorkers(uint64(users))}
	r.attack(phase, pacer, opts, r.deadline, func(vr *vegeta.Result) Result {
		return Result{Seq: seqBase + int(vr.Seq), Intended: vr.Timestamp}
	}, nil)
}

// attack runs one phase with an attacker of its own: a vegeta Attacker stops
// itself at the end of an attack and cannot run another. result turns each
// of vegeta's results into the run's; dropped, if not nil, carries the
// arrivals the pacer did not send.
func (r *runner) attack(phase int, pacer vegeta.Pacer, opts []func(*vegeta.Attacker), sendBy time.Time,
	result func(*vegeta.Result) Result, dropped <-chan arrival) {
	client := r.client
	client.Transport = &cancelTransport{ctx: r.ctx, base: r.client.Transport, sendBy: sendBy}
	// Client replaces the attacker's whole http.Client, and the transport
	// options assume vegeta's own *http.Transport, so it goes last.
	opts = append(opts, vegeta.MaxBody(r.cfg.maxBody), vegeta.Client(&client))
	atk := vegeta.NewAttacker(opts...)

	stop := context.AfterFunc(r.ctx, func() { atk.Stop() })
	defer stop()

	results := atk.Attack(vegeta.NewStaticTargeter(r.target), pacer, 0, r.cfg.name)
	for {
		select {
		case vr, ok := <-results:
			if !ok {
				return
			}
			res := result(vr)
			// A tick the pacer released just before cancellation, or a
			// closed loop's tick taken after its duration, can still reach a
			// worker; the transport refuses to send it.
			if strings.HasSuffix(vr.Error, errNotSent.Error()) {
				continue
			}
			res.Phase = phase
			res.Vegeta = *vr
			res.Canceled = vr.Error != "" && r.ctx.Err() != nil
			r.deliver(res)
		case a := <-dropped:
			r.deliver(r.drop(phase, a))
		}
	}
}

// drop is the Result of an arrival that was not sent.
func (r *runner) drop(phase int, a arrival) Result {
	return Result{
		Seq:      a.seq,
		Phase:    phase,
		Intended: a.intended,
		Dropped:  true,
		Vegeta: vegeta.Result{
			Attack:    r.cfg.name,
			Timestamp: a.intended,
			Method:    r.target.Method,
			URL:       r.target.URL,
			Error:     fmt.Sprintf("%v (%d in flight)", ErrDropped, r.maxInFlight),
		},
	}
}

func (r *runner) deliver(res Result) {
	r.out <- res
	r.done++
	if r.cfg.progress != nil {
		r.cfg.progress(r.done, r.total)
	}
}
