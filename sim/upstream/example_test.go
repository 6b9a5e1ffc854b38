package upstream_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	simtls "github.com/coldwire/coldwire/sim/tls"
	"github.com/coldwire/coldwire/sim/upstream"
)

// A database served over TLS, called the way the Upstash SDK calls it.
func ExampleServer_Serve() {
	a, err := simtls.NewAuthority()
	if err != nil {
		panic(err)
	}
	s, err := upstream.New(upstream.Config{Token: "t0ken"})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0") // in the simulator: a sim/netem listener
	if err != nil {
		panic(err)
	}
	go s.Serve(ln, a)

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: a.ClientConfig(simtls.ClientOptions{})}}
	for _, body := range []string{`["SET","greeting","hello"]`, `["GET","greeting"]`} {
		req, _ := http.NewRequest(http.MethodPost, "https://"+ln.Addr().String()+"/", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer t0ken")
		resp, err := client.Do(req)
		if err != nil {
			panic(err)
		}
		reply, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, string(reply))
	}
	client.CloseIdleConnections()
	st := s.Stats()
	fmt.Println("requests:", st.Requests, "full handshakes:", st.TLSFull)
	// Output:
	// 200 {"result":"OK"}
	// 200 {"result":"hello"}
	// requests: 2 full handshakes: 1
}

// Pipelines answer one entry per command; failures stay in their entry.
func ExampleServer_Handler() {
	s, err := upstream.New(upstream.Config{Token: "t0ken"})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	req, _ := http.NewRequest(http.MethodPost, "/pipeline", strings.NewReader(`[["INCR","n"],["HSET","n","f","v"],["GET","n"]]`))
	req.Header.Set("Authorization", "Bearer t0ken")
	w := &recorder{header: http.Header{}}
	s.Handler().ServeHTTP(w, req)
	fmt.Println(w.status, w.body.String())
	// Output:
	// 200 [{"result":1},{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"},{"result":"1"}]
}

type recorder struct {
	header http.Header
	status int
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

// A server left running bounds what its clients can hold: a write that
// would take the heap past MaxMemory is refused before it allocates, and a
// script that never ends is stopped at ScriptTimeout.
func ExampleConfig() {
	s, err := upstream.New(upstream.Config{
		Token:             "t0ken",
		MaxMemory:         256 << 20,
		MaxConns:          upstream.DefaultMaxConns,
		ReadHeaderTimeout: upstream.DefaultReadHeaderTimeout,
		ScriptTimeout:     100 * time.Millisecond,
	})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	for _, cmd := range []string{`["SETRANGE","k","500000000","x"]`, `["EVAL","while true do end","0"]`} {
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(cmd))
		req.Header.Set("Authorization", "Bearer t0ken")
		w := &recorder{header: http.Header{}}
		s.Handler().ServeHTTP(w, req)
		fmt.Println(w.status, w.body.String())
	}
	// Output:
	// 400 {"error":"OOM command not allowed when used memory > 'maxmemory'."}
	// 400 {"error":"BUSY scripts ran longer than 100ms, the server's limit for the scripts of one request, and this one was stopped"}
}
