//go:build linux

package experiment

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/coldwire/coldwire/sim/load"
	"github.com/coldwire/coldwire/sim/report"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// cpuTime is the process's user and system time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWarmInvocation measures a warm invocation's whole path (vegeta,
// front door, container, agent, link at RTT 0, TLS, REST server, miniredis
// and back) against a baseline in the same run: vegeta against a bare
// net/http TLS handler doing the same SET on an in-process miniredis. It
// reports both throughputs, the CPU per invocation of each and their ratio.
//
//	go test -run '^$' -bench WarmInvocation -benchtime 20000x ./sim/experiment
func BenchmarkWarmInvocation(b *testing.B) {
	const users = 4
	auth, err := simtls.NewAuthority(DatabaseHost, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	m := miniredis.NewMiniRedis()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := rand.Text()
		m.Set(k, k)
		m.SetTTL(k, time.Minute)
		w.Write([]byte(`{"result":"OK"}`))
	}))
	srv.TLS = auth.ServerConfig(simtls.ServerOptions{SessionTickets: true})
	srv.StartTLS()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{
		TLSClientConfig:     auth.ClientConfig(simtls.ClientOptions{ServerName: "127.0.0.1"}),
		MaxIdleConnsPerHost: users,
	}}

	b.ResetTimer()
	wall, cpu := time.Now(), cpuTime(b)
	results, err := load.Run(context.Background(), srv.URL, load.Plan{Pattern: load.Concurrent, Concurrency: users, Count: b.N}, load.WithClient(client))
	if err != nil {
		b.Fatal(err)
	}
	for r := range results {
		if r.Vegeta.Error != "" {
			b.Fatal(r.Vegeta.Error)
		}
	}
	baseWall, baseCPU := time.Since(wall), cpuTime(b)-cpu

	s := parse(b, `
scenarios:
  - name: warm
    function: {agent: {keep_alive: true}}
    load: {pattern: concurrent, concurrency: `+strconv.Itoa(users)+`, count: `+strconv.Itoa(b.N)+`}
`)
	wall, cpu = time.Now(), cpuTime(b)
	if _, err := Run(context.Background(), s, WithAuthority(auth), WithRecords(func(r report.Row) {
		if r.Failed() {
			b.Fatal(r.Error)
		}
	})); err != nil {
		b.Fatal(err)
	}
	coldWall, coldCPU := time.Since(wall), cpuTime(b)-cpu
	b.StopTimer()

	n := float64(b.N)
	b.ReportMetric(n/coldWall.Seconds(), "inv/s")
	b.ReportMetric(n/baseWall.Seconds(), "baseline-req/s")
	b.ReportMetric(float64(coldCPU.Microseconds())/n, "cpu-µs/inv")
	b.ReportMetric(float64(baseCPU.Microseconds())/n, "baseline-cpu-µs/req")
	b.ReportMetric(float64(coldCPU)/float64(baseCPU), "cpu-x")
}

// BenchmarkWarmP50ByConcurrency reports the warm Redis p50 of keep-alive
// with a global agent at RTT 1.5 ms and 400 µs of server time, at 1, 8 and
// 32 concurrent callers, in real time and under a time dilation of 10. The
// modelled system is the same at every concurrency: a p50 that grows with
// it measures this machine.
//
//	go test -run '^$' -bench WarmP50ByConcurrency -benchtime 1x ./sim/experiment
func BenchmarkWarmP50ByConcurrency(b *testing.B) {
	const calls = 600
	for _, k := range []string{"1", "10"} {
		b.Run("dilation="+k, func(b *testing.B) {
			var p50 [3]float64
			for range b.N {
				for i, c := range []int{1, 8, 32} {
					s := parse(b, `
time_dilation: `+k+`
scenarios:
  - name: warm
    network: {rtt: 1.5ms}
    upstream: {server_time: 400us}
    function: {agent: {keep_alive: true}}
    load: {pattern: concurrent, concurrency: `+strconv.Itoa(c)+`, count: `+strconv.Itoa(calls)+`}
`)
					var warm []float64
					if _, err := Run(context.Background(), s, WithRecords(func(r report.Row) {
						if !r.Cold && !r.Failed() {
							warm = append(warm, r.RedisMs)
						}
					})); err != nil {
						b.Fatal(err)
					}
					slices.Sort(warm)
					p50[i] = report.Percentile(warm, 50)
				}
			}
			b.ReportMetric(p50[0], "p50-c1-ms")
			b.ReportMetric(p50[1], "p50-c8-ms")
			b.ReportMetric(p50[2], "p50-c32-ms")
			b.ReportMetric(p50[2]/p50[0], "c32/c1")
		})
	}
}
