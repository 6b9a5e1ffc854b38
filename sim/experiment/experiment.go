package experiment

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
	"github.com/coldwire/coldwire/sim/selfcheck"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// DatabaseHost is the name the functions resolve to reach the database; the
// database's certificate must be valid for it.
const DatabaseHost = "redis.coldwire.test"

// shutdownGrace bounds the teardown of one scenario, which still runs after
// an interrupt so that its connections close and its counts are final.
const shutdownGrace = 10 * time.Second

// Outcome is what one run leaves besides its rows.
type Outcome struct {
	// Invocations counts the rows handed to WithRecords.
	Invocations int
	// Counts are the database's and the platform's counters.
	Counts report.ScenarioCounts
	// Spans are the containers' lives, one per container.
	Spans []report.Span
	// Emulation is the run's self-check: how well this machine kept the
	// modelled timing.
	Emulation *report.Emulation
	// Trace says what a trace-driven scenario replayed; nil for the other
	// patterns.
	Trace *report.Trace
	// Platform is what the containers cost: cold starts, containers alive
	// and their busy and idle time, over the load's time.
	Platform *report.Platform
	// Sandbox says how runtime node's processes were frozen and
	// CPU-limited; nil for the in-process runtime.
	Sandbox *report.Sandbox
	// For a sequential load, Wall is how long it ran, from its first send
	// to its last result, and Busy the sum of the invocations' latencies:
	// side by side they show whether the run wasted time between them.
	Wall, Busy time.Duration
}

// Run runs scenario s on a fresh link, database and platform, so that no
// connection, session or cache crosses from one scenario to another, and
// streams its rows to WithRecords. Cancelling ctx stops the load; Run still
// tears everything down and returns what was counted, with ctx's error
// only if the load could not start.
func Run(ctx context.Context, s scenario.Scenario, opts ...Option) (Outcome, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	var out Outcome
	if cfg.auth == nil {
		auth, err := simtls.NewAuthority(DatabaseHost)
		if err != nil {
			return out, fmt.Errorf("tls: %w", err)
		}
		cfg.auth = auth
	}
	if cfg.sched == nil {
		cfg.sched = netem.NewScheduler()
		defer cfg.sched.Close()
	}
	// The host runs the dilated scenario; rows and spans are brought back
	// to the modelled system's time before anyone sees them.
	host := s.Dilated()
	if s.Upstream.Target.URL != "" {
		return runTarget(ctx, s, host, cfg)
	}
	link, err := netem.NewLink(linkConfig(host), netem.WithScheduler(cfg.sched))
	if err != nil {
		return out, fmt.Errorf("network: %w", err)
	}
	defer link.Close()
	ln, err := link.Listen(DatabaseHost, "127.0.0.1:0")
	if err != nil {
		return out, fmt.Errorf("database listener: %w", err)
	}

	token := rand.Text()
	dbCfg, err := upstreamConfig(host, token)
	if err != nil {
		return out, fmt.Errorf("database: %w", err)
	}
	// The database's time waits on the link's scheduler, so its lateness
	// counts in the link's self-check.
	db, err := upstream.New(dbCfg, upstream.WithWait(link.Sleep))
	if err != nil {
		return out, fmt.Errorf("database: %w", err)
	}
	served := make(chan error, 1)
	go func() { served <- db.Serve(ln, cfg.auth) }()
	defer func() {
		db.Close()
		<-served
	}()

	_, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		return out, fmt.Errorf("database listener: %w", err)
	}
	backend := emulatedBackend("https://"+net.JoinHostPort(DatabaseHost, port), token, link, cfg.auth)
	fn := function(host)
	var node *nodeSetup
	if s.Function.Runtime == scenario.RuntimeNode {
		node, err = nodeRuntime(s, &fn, ln.Addr(), token, cfg)
		if err != nil {
			return out, err
		}
		defer node.close()
	}
	d, out, err := drive(ctx, s, host, backend, fn, cfg, link.Lateness)
	if err != nil {
		return out, err
	}
	if node != nil {
		out.Sandbox = node.sandbox
	}
	// What the database still holds now is what the agents abandoned or keep
	// idle; closing the platform reclaims every container and closes it all.
	openAtEnd := db.Stats().ConnsOpen
	closeErr := closePlatform(d.platform)
	st := db.Stats()
	out.Counts = report.ScenarioCounts{
		ConnectionsOpened:    st.ConnsAccepted,
		ConnectionsOpenAtEnd: openAtEnd,
		TLSFull:              st.TLSFull,
		TLSResumed:           st.TLSResumed,
		Dropped:              out.Counts.Dropped,
	}
	out.Spans = d.spans(s.Name)
	if node != nil {
		// The containers' groups went with them; the run's go now.
		closeErr = errors.Join(closeErr, node.close())
	}
	return out, closeErr
}

// driven is a scenario's platform once its load is over, with what the
// caller needs after it has closed the platform.
type driven struct {
	platform *lifecycle.Platform
	clock    dilation
	inFlight *report.InFlight
}

// spans are the lives of the closed platform's containers, with the
// invocations each had in flight.
func (d driven) spans(scenarioName string) []report.Span {
	profiles := d.inFlight.End(time.Now())
	return d.clock.spans(spans(scenarioName, d.platform.Lifetimes(), profiles))
}

// callerMargin is how much longer than the invocation timeout the caller
// waits: the time an invocation may queue and start cold besides.
const callerMargin = 30 * time.Second

// drive runs the scenario's load on a platform calling backend and gathers
// the rows; the caller reads its database's counters, then closes the
// platform. lateness is the link's, nil when there is none.
func drive(ctx context.Context, s, host scenario.Scenario, backend lifecycle.Backend, fn lifecycle.Function, cfg config, lateness func() netem.LatenessStats) (driven, Outcome, error) {
	var out Outcome
	recs := newRecords()
	occ, inFlight := report.NewOccupancy(time.Now()), report.NewInFlight()
	platform, err := lifecycle.New(backend, []lifecycle.Function{fn}, lifecycle.WithRecords(recs.put), lifecycle.WithEvents(occupy(occ, inFlight)))
	if err != nil {
		return driven{}, out, fmt.Errorf("platform: %w", err)
	}

	// Arrivals keep the schedule on the same clock as the link, when there is one.
	loadOpts := []load.Option{load.WithName(s.Name), load.WithSleep(backend.Sleep)}
	// The caller must outwait the platform's own limit, or a long
	// invocation would end as the caller's timeout instead of the
	// platform's.
	if t := host.Platform.InvocationTimeout; t+callerMargin > vegeta.DefaultTimeout {
		loadOpts = append(loadOpts, load.WithTimeout(t+callerMargin))
	}
	if cfg.progress != nil {
		loadOpts = append(loadOpts, load.WithProgress(cfg.progress))
	}
	probe := selfcheck.Start()
	start := time.Now()
	clock := dilation{k: max(s.TimeDilation, 1), origin: start}
	results, err := load.Run(ctx, platform.URL()+"/"+s.Name, host.Plan(), loadOpts...)
	if err != nil {
		closePlatform(platform)
		return driven{}, out, fmt.Errorf("load: %w", err)
	}
	var (
		busy      time.Duration
		dropped   int64
		hostDrops int
		cold      int
		// handlerMs and initMs sum the invocations' time in their container
		// and the cold starts' init, in modelled milliseconds.
		handlerMs, initMs float64
	)
	for r := range results {
		if r.Canceled {
			continue
		}
		if r.Dropped {
			// Never sent: counted, not a latency.
			dropped++
			continue
		}
		joined, x := row(s, r, recs)
		hostDrops += x.hostDrops
		handlerMs += x.handlerMs / clock.k
		row := clock.row(joined)
		initMs += row.InitMs
		out.Invocations++
		if row.Cold {
			cold++
		}
		busy += row.Result.Latency
		if cfg.record != nil {
			cfg.record(row)
		}
	}
	if s.Load.Pattern == load.Sequential {
		out.Wall, out.Busy = clock.duration(time.Since(start)), busy
	}
	out.Platform = platformFigures(s, occ.End(time.Now()).Scaled(1/clock.k), out.Invocations, cold)
	out.Platform.SetInFlight(handlerMs/1000, initMs/1000)
	var lat netem.LatenessStats
	if lateness != nil {
		lat = lateness()
	}
	out.Emulation = emulation(clock.k, host.Network.RTT/2, lat, probe.Stop(), out.Invocations, hostDrops)
	out.Emulation.RealNetwork = lateness == nil
	out.Counts.Dropped = dropped
	out.Trace = replayed(s)
	return driven{platform: platform, clock: clock, inFlight: inFlight}, out, nil
}

func closePlatform(p *lifecycle.Platform) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := p.Close(ctx); err != nil {
		return fmt.Errorf("platform shutdown: %w", err)
	}
	return nil
}
