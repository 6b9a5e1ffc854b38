package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"time"

	"github.com/coldwire/coldwire/plots"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/netem"
	"github.com/coldwire/coldwire/sim/report"
	"github.com/coldwire/coldwire/sim/scenario"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// databaseHost is the name the functions resolve to reach the database.
const databaseHost = "redis.coldwire.test"

// shutdownGrace bounds the teardown of one scenario, which still runs after
// an interrupt so that its connections close and its counts are final.
const shutdownGrace = 10 * time.Second

// outcome is what one scenario leaves for the writers.
type outcome struct {
	rows   []report.Row
	counts report.ScenarioCounts
	spans  []plots.Span
	// For a sequential load, wall is how long it ran, from its first send
	// to its last result, and busy the sum of the invocations' latencies:
	// side by side they show whether the run wasted time between them.
	wall, busy time.Duration
}

// experiment runs one scenario on a fresh link, database and platform, so
// that no connection, session or cache crosses from one scenario to another.
func experiment(ctx context.Context, s scenario.Scenario, auth *simtls.Authority, sched *netem.Scheduler, progress func(done, total int)) (outcome, error) {
	var out outcome
	link, err := netem.NewLink(linkConfig(s), netem.WithScheduler(sched))
	if err != nil {
		return out, fmt.Errorf("network: %w", err)
	}
	defer link.Close()
	ln, err := link.Listen(databaseHost, "127.0.0.1:0")
	if err != nil {
		return out, fmt.Errorf("database listener: %w", err)
	}

	token := rand.Text()
	cfg, err := upstreamConfig(s, token)
	if err != nil {
		return out, fmt.Errorf("database: %w", err)
	}
	db, err := upstream.New(cfg, upstream.WithWait(sched.Sleep))
	if err != nil {
		return out, fmt.Errorf("database: %w", err)
	}
	served := make(chan error, 1)
	go func() { served <- db.Serve(ln, auth) }()
	defer func() {
		db.Close()
		<-served
	}()

	_, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		return out, fmt.Errorf("database listener: %w", err)
	}
	backend := lifecycle.Backend{
		URL:       "https://" + net.JoinHostPort(databaseHost, port),
		Token:     token,
		Link:      link,
		Authority: auth,
	}
	platform, err := lifecycle.New(backend, []lifecycle.Function{function(s)})
	if err != nil {
		return out, fmt.Errorf("platform: %w", err)
	}

	p := plan(s)
	start := time.Now()
	results, err := load.Run(ctx, platform.URL()+"/"+s.Name, p, load.WithName(s.Name), load.WithProgress(progress))
	if err != nil {
		closePlatform(platform)
		return out, fmt.Errorf("load: %w", err)
	}
	for r := range results {
		if r.Canceled {
			continue
		}
		out.rows = append(out.rows, row(s, r))
	}
	if s.Load.Pattern == load.Sequential {
		out.wall, out.busy = time.Since(start), busyTime(out.rows)
	}
	// What the database still holds now is what the agents abandoned or keep
	// idle; closing the platform reclaims every container and closes it all.
	openAtEnd := db.Stats().ConnsOpen
	closeErr := closePlatform(platform)
	st := db.Stats()
	out.counts = report.ScenarioCounts{
		ConnectionsOpened:    st.ConnsAccepted,
		ConnectionsOpenAtEnd: openAtEnd,
		TLSFull:              st.TLSFull,
		TLSResumed:           st.TLSResumed,
	}
	out.spans = spans(s.Name, platform.Lifetimes())
	return out, closeErr
}

func closePlatform(p *lifecycle.Platform) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := p.Close(ctx); err != nil {
		return fmt.Errorf("platform shutdown: %w", err)
	}
	return nil
}

// row joins vegeta's view of an invocation with the platform's own record
// of it, carried in the front door's response body.
func row(s scenario.Scenario, r load.Result) report.Row {
	v := r.Vegeta
	v.Seq = uint64(r.Seq)
	out := report.Row{
		Scenario: s.Name,
		Seq:      r.Seq,
		Start:    v.Timestamp,
		TotalMs:  float64(v.Latency) / float64(time.Millisecond),
		Error:    v.Error,
	}
	if openLoop(s.Load.Pattern) {
		out.Intended = r.Intended
	}
	var inv lifecycle.Invocation
	if err := json.Unmarshal(v.Body, &inv); err != nil {
		if out.Error == "" {
			out.Error = fmt.Sprintf("front door answered without an invocation record: %v", err)
		}
	} else {
		out.Container = inv.Container
		out.Cold = inv.Cold
		out.QueuedMs = inv.QueuedMs
		out.InitMs = inv.InitMs
		out.DNSMs = inv.DNSMs
		out.ConnectMs = inv.ConnectMs
		out.TLSMs = inv.TLSMs
		out.TLSResumed = inv.TLSResumed
		out.TTFBMs = inv.TTFBMs
		out.RedisMs = inv.RedisMs
		out.Reused = inv.Reused
		if inv.Error != "" {
			out.Error = inv.Error
		}
	}
	// The body is in invocations.csv already; vegeta's reports need neither
	// it nor the headers.
	v.Body, v.Headers = nil, nil
	out.Result = v
	return out
}

// spans turns the platform's container lifetimes into one span each.
func spans(scenarioName string, lives []lifecycle.Lifetime) []plots.Span {
	out := make([]plots.Span, 0, len(lives))
	for _, l := range lives {
		out = append(out, plots.Span{Scenario: scenarioName, Container: l.Container, Start: l.Created, End: l.Reclaimed, ColdStarts: []time.Time{l.Created}})
	}
	return out
}
