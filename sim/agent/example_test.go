package agent_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// A global agent with keep-alive: the first call opens a connection, the
// second one reuses it.
func ExampleClient_Do() {
	auth, _ := simtls.NewAuthority()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"result":"OK"}`)
	}))
	srv.TLS = auth.ServerConfig(simtls.ServerOptions{})
	srv.StartTLS()
	defer srv.Close()

	opts := agent.DefaultOptions()
	opts.KeepAlive = true
	a, err := agent.New(opts, (&net.Dialer{}).DialContext, auth.ClientConfig(simtls.ClientOptions{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	c, _ := agent.NewClient(a, srv.URL, "token", agent.WithSeed(1))
	for range 2 {
		recs, err := c.Do(context.Background(), agent.Work{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("new connection: %v, TLS handshake: %v\n", recs[0].NewConn, recs[0].Handshake)
	}
	// Output:
	// new connection: true, TLS handshake: true
	// new connection: false, TLS handshake: false
}

// An agent without keep-alive still resumes TLS sessions from its own cache.
func ExampleNew() {
	auth, _ := simtls.NewAuthority()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = auth.ServerConfig(simtls.ServerOptions{MaxVersion: tls.VersionTLS12, SessionTickets: true})
	srv.StartTLS()
	defer srv.Close()

	a, _ := agent.New(agent.DefaultOptions(), (&net.Dialer{}).DialContext, auth.ClientConfig(simtls.ClientOptions{}))
	defer a.Close()
	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		res, err := a.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("reused: %v, resumed: %v\n", res.Record.Reused, res.Record.TLSResumed)
	}
	// Output:
	// reused: false, resumed: false
	// reused: false, resumed: true
}

// Freezing a world stops the free-socket timers of all its agents; thawing
// it applies the time that passed.
func ExampleWorld_Freeze() {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	w := agent.NewWorld()
	defer w.Close()
	a, _ := w.NewAgent(agent.Options{KeepAlive: true, FreeSocketTimeout: 20 * time.Millisecond}, (&net.Dialer{}).DialContext, nil)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	if _, err := a.Do(req); err != nil {
		fmt.Println(err)
		return
	}
	w.Freeze()
	time.Sleep(60 * time.Millisecond)
	fmt.Printf("frozen: open %d, expired %d\n", a.Stats().Open, a.Stats().Expired)
	w.Thaw()
	fmt.Printf("thawed: open %d, expired %d\n", a.Stats().Open, a.Stats().Expired)
	// Output:
	// frozen: open 1, expired 0
	// thawed: open 0, expired 1
}

// A free socket that its peer closes is a close the process saw before it
// could reuse the socket; the next request dials anew.
func ExampleWorld_TakeIdleCloses() {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	w := agent.NewWorld()
	defer w.Close()
	a, _ := w.NewAgent(agent.Options{KeepAlive: true}, (&net.Dialer{}).DialContext, nil)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	if _, err := a.Do(req); err != nil {
		fmt.Println(err)
		return
	}
	srv.CloseClientConnections()
	for deadline := time.Now().Add(5 * time.Second); a.Stats().Open > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	fmt.Println("closes seen:", w.TakeIdleCloses())
	// Output: closes seen: 1
}
