package lifecycle_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/lifecycle"
	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// The article's best case: a keep-alive agent created outside the handler.
// The first invocation starts a container and opens a connection; the next
// one finds the container warm and reuses it.
func Example() {
	auth, _ := simtls.NewAuthority("redis.coldwire.test")
	link, _ := netem.NewLink(netem.Config{RTT: 10 * time.Millisecond})
	defer link.Close()
	ln, _ := link.Listen("redis.coldwire.test", "127.0.0.1:0")
	db, _ := upstream.New(upstream.Config{Token: "token"})
	defer db.Close()
	go db.Serve(ln, auth)

	opts := agent.DefaultOptions()
	opts.KeepAlive = true
	p, err := lifecycle.New(lifecycle.Backend{
		URL:    fmt.Sprintf("https://redis.coldwire.test:%d", ln.Addr().(*net.TCPAddr).Port),
		Token:  "token",
		Dialer: func() agent.DialFunc { return link.Dialer(link.NewResolver()).DialContext },
		TLS: func(name string) *tls.Config {
			return auth.ClientConfig(simtls.ClientOptions{ServerName: name})
		},
		Sleep: link.Sleep,
	}, []lifecycle.Function{{
		Name:        "set",
		Init:        dist.Constant(20 * time.Millisecond),
		IdleTimeout: time.Minute,
		Agent:       opts,
		Placement:   agent.Global,
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close(context.Background())

	for range 2 {
		inv, err := p.Invoke(context.Background(), "set")
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("container %d cold=%v new connections=%d reused=%v\n", inv.Container, inv.Cold, inv.NewConns, inv.Reused)
	}
	// Output:
	// container 1 cold=true new connections=1 reused=false
	// container 1 cold=false new connections=0 reused=true
}

// Events tell each container's story as it happens, for timelines and logs.
func ExampleWithEvents() {
	auth, _ := simtls.NewAuthority("redis.coldwire.test")
	link, _ := netem.NewLink(netem.Config{})
	defer link.Close()
	ln, _ := link.Listen("redis.coldwire.test", "127.0.0.1:0")
	db, _ := upstream.New(upstream.Config{Token: "token"})
	defer db.Close()
	go db.Serve(ln, auth)

	show := func(e lifecycle.Event) {
		if e.Reason != "" {
			fmt.Printf("%d %s (%s)\n", e.Container, e.Kind, e.Reason)
			return
		}
		fmt.Println(e.Container, e.Kind)
	}
	p, _ := lifecycle.New(lifecycle.Backend{
		URL:    fmt.Sprintf("https://redis.coldwire.test:%d", ln.Addr().(*net.TCPAddr).Port),
		Token:  "token",
		Dialer: func() agent.DialFunc { return link.Dialer(link.NewResolver()).DialContext },
		TLS: func(name string) *tls.Config {
			return auth.ClientConfig(simtls.ClientOptions{ServerName: name})
		},
		Sleep: link.Sleep,
	}, []lifecycle.Function{{Name: "set", IdleTimeout: 50 * time.Millisecond}}, lifecycle.WithEvents(show))
	defer p.Close(context.Background())

	p.Invoke(context.Background(), "set")
	p.Invoke(context.Background(), "set")
	time.Sleep(150 * time.Millisecond)
	// Output:
	// 1 created
	// 1 init-done
	// 1 invoked
	// 1 returned
	// 1 frozen
	// 1 thawed
	// 1 invoked
	// 1 returned
	// 1 frozen
	// 1 reclaimed (idle-timeout)
}

// Lifetimes sum up each container, whatever the number of invocations it
// served: here a burst of two needs two containers, which the platform's
// end reclaims.
func ExamplePlatform_Lifetimes() {
	auth, _ := simtls.NewAuthority("redis.coldwire.test")
	link, _ := netem.NewLink(netem.Config{RTT: 10 * time.Millisecond})
	defer link.Close()
	ln, _ := link.Listen("redis.coldwire.test", "127.0.0.1:0")
	db, _ := upstream.New(upstream.Config{Token: "token"})
	defer db.Close()
	go db.Serve(ln, auth)

	p, _ := lifecycle.New(lifecycle.Backend{
		URL:    fmt.Sprintf("https://redis.coldwire.test:%d", ln.Addr().(*net.TCPAddr).Port),
		Token:  "token",
		Dialer: func() agent.DialFunc { return link.Dialer(link.NewResolver()).DialContext },
		TLS: func(name string) *tls.Config {
			return auth.ClientConfig(simtls.ClientOptions{ServerName: name})
		},
		Sleep: link.Sleep,
	}, []lifecycle.Function{{Name: "set", Init: dist.Constant(20 * time.Millisecond)}})

	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { p.Invoke(context.Background(), "set") })
	}
	wg.Wait()
	p.Close(context.Background())
	for _, l := range p.Lifetimes() {
		fmt.Printf("container %d: cold start of 20 ms or more: %v, reclaimed: %s\n", l.Container, l.Ready.Sub(l.Created) >= 20*time.Millisecond, l.Reason)
	}
	// Output:
	// container 1: cold start of 20 ms or more: true, reclaimed: shutdown
	// container 2: cold start of 20 ms or more: true, reclaimed: shutdown
}

// A function whose containers each run the user's own Node.js module in a
// process of their own. Env reaches the process: here, how it finds the
// database from outside the simulator. A handler needs runtime node.
func ExampleRuntime() {
	fn := lifecycle.Function{
		Name:    "article",
		Runtime: lifecycle.RuntimeNode,
		Handler: "/srv/article-handler.mjs",
		Env:     []string{"UPSTASH_REDIS_REST_URL=https://127.0.0.1:8079", "UPSTASH_REDIS_REST_TOKEN=secret"},
	}
	fmt.Println(fn.Validate())
	fn.Runtime = lifecycle.RuntimeGo
	fmt.Println(fn.Validate())
	// Output:
	// <nil>
	// lifecycle: function article: a handler file needs runtime node
}
