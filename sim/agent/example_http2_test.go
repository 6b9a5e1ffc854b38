package agent_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"

	"github.com/coldwire/coldwire/sim/agent"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// An HTTP/2 agent against a server that offers h2: its second request is a
// new stream of the first request's connection.
func ExampleOptions_http2() {
	auth, _ := simtls.NewAuthority()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.EnableHTTP2 = true
	srv.TLS = auth.ServerConfig(simtls.ServerOptions{ALPN: []string{"h2", "http/1.1"}})
	srv.StartTLS()
	defer srv.Close()

	a, err := agent.New(agent.Options{KeepAlive: true, HTTP2: true}, (&net.Dialer{}).DialContext, auth.ClientConfig(simtls.ClientOptions{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
		res, err := a.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s, reused: %v\n", res.Proto, res.Record.Reused)
	}
	fmt.Println("dialed:", a.Stats().Dialed)
	// Output:
	// HTTP/2.0, reused: false
	// HTTP/2.0, reused: true
	// dialed: 1
}
