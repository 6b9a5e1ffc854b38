package load_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/coldwire/coldwire/sim/load"
)

// frontDoor answers every invocation with a small JSON record, as the
// platform's front door does.
func frontDoor() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Coldwire-Start", "warm")
		fmt.Fprintf(w, `{"function":%q}`, r.URL.Path[1:])
	}))
}

func ExampleRun() {
	srv := frontDoor()
	defer srv.Close()

	results, err := load.Run(context.Background(), srv.URL+"/hello", load.Plan{Pattern: load.Sequential, Count: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	for r := range results {
		fmt.Println(r.Seq, r.Vegeta.Code, r.Vegeta.Headers.Get("X-Coldwire-Start"), string(r.Vegeta.Body))
	}
	// Output:
	// 0 200 warm {"function":"hello"}
	// 1 200 warm {"function":"hello"}
	// 2 200 warm {"function":"hello"}
}

// An open loop keeps a schedule fixed in advance; Result.LatencyFromIntended
// counts any wait to be sent, so a slow platform cannot hide its queue.
func ExampleRun_constant() {
	srv := frontDoor()
	defer srv.Close()

	plan := load.Plan{Pattern: load.Constant, Rate: 100, Duration: 50 * time.Millisecond}
	results, err := load.Run(context.Background(), srv.URL+"/hello", plan)
	if err != nil {
		fmt.Println(err)
		return
	}
	intended := make([]time.Time, plan.Total())
	for r := range results {
		intended[r.Seq] = r.Intended
	}
	for i, t := range intended {
		fmt.Println(i, "meant to leave at", t.Sub(intended[0]))
	}
	// Output:
	// 0 meant to leave at 0s
	// 1 meant to leave at 10ms
	// 2 meant to leave at 20ms
	// 3 meant to leave at 30ms
	// 4 meant to leave at 40ms
}

func ExampleWithProgress() {
	srv := frontDoor()
	defer srv.Close()

	plan := load.Plan{Pattern: load.Bursts, Burst: load.Burst{Size: 2, Gap: 10 * time.Millisecond, Count: 2}}
	results, err := load.Run(context.Background(), srv.URL+"/hello", plan,
		load.WithProgress(func(done, total int) { fmt.Printf("%d/%d\n", done, total) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	for range results {
	}
	// Output:
	// 1/4
	// 2/4
	// 3/4
	// 4/4
}

func ExamplePlan_Total() {
	for _, p := range []load.Plan{
		{Pattern: load.Sequential, Count: 1000},
		{Pattern: load.Constant, Rate: 50, Duration: 2 * time.Second},
		{Pattern: load.Bursts, Burst: load.Burst{Size: 10, Gap: time.Minute, Count: 5}},
		{Pattern: load.Concurrent, Count: 200, Concurrency: 8},
		// Only the duration ends this closed loop: its total is unknown.
		{Pattern: load.Sequential, Duration: time.Minute},
	} {
		fmt.Println(p.Pattern, p.Total())
	}
	// Output:
	// sequential 1000
	// constant 100
	// bursts 50
	// concurrent 200
	// sequential 0
}

// Arrivals beyond MaxInFlight are not sent but still reported, so the
// caller can count them: here each burst of three may have two in flight.
func ExamplePlan_maxInFlight() {
	srv := frontDoor()
	defer srv.Close()

	plan := load.Plan{Pattern: load.Bursts, MaxInFlight: 2, Burst: load.Burst{Size: 3, Gap: 10 * time.Millisecond, Count: 2}}
	results, err := load.Run(context.Background(), srv.URL+"/hello", plan)
	if err != nil {
		fmt.Println(err)
		return
	}
	dropped := make([]bool, plan.Total())
	for r := range results {
		dropped[r.Seq] = r.Dropped
	}
	for seq, d := range dropped {
		fmt.Println(seq, "dropped:", d)
	}
	// Output:
	// 0 dropped: false
	// 1 dropped: false
	// 2 dropped: true
	// 3 dropped: false
	// 4 dropped: false
	// 5 dropped: true
}
