package agent_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/agent"
)

func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    agent.Options
		ok   bool
	}{
		{"zero", agent.Options{}, true},
		{"defaults", agent.DefaultOptions(), true},
		{"lifo", agent.Options{Scheduling: "lifo"}, true},
		{"fifo", agent.Options{Scheduling: "fifo"}, false},
		{"unknown scheduling", agent.Options{Scheduling: "random"}, false},
		{"negative sockets", agent.Options{MaxSockets: -1}, false},
		{"negative free sockets", agent.Options{MaxFreeSockets: -1}, false},
		{"negative timeout", agent.Options{FreeSocketTimeout: -time.Second}, false},
		{"negative sessions", agent.Options{MaxCachedSessions: -1}, false},
		{"http2 with keep-alive", agent.Options{KeepAlive: true, HTTP2: true}, true},
		{"http2 without keep-alive", agent.Options{HTTP2: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := agent.New(tc.o, (&net.Dialer{}).DialContext, nil)
			if (err == nil) != tc.ok {
				t.Fatalf("New(%+v) error = %v, want ok=%v", tc.o, err, tc.ok)
			}
		})
	}
	if _, err := agent.New(agent.Options{Scheduling: "fifo"}, (&net.Dialer{}).DialContext, nil); !errors.Is(err, agent.ErrFIFO) {
		t.Fatalf("fifo: error = %v, want ErrFIFO", err)
	}
	if _, err := agent.New(agent.Options{HTTP2: true}, (&net.Dialer{}).DialContext, nil); !errors.Is(err, agent.ErrHTTP2NoKeepAlive) {
		t.Fatalf("http2 without keep-alive: error = %v, want ErrHTTP2NoKeepAlive", err)
	}
	if _, err := agent.New(agent.Options{}, nil, nil); err == nil {
		t.Fatal("nil dial: no error")
	}
}

// TestReuseAndResumption sends three requests one after another and checks
// what each one paid, from the agent's records and from the server's side.
func TestReuseAndResumption(t *testing.T) {
	for _, tc := range []struct {
		name       string
		version    uint16
		opts       agent.Options
		wantConns  int
		wantResume []bool // per request: nil entry means no handshake
		reused     []bool
	}{
		{"keep-alive", tls.VersionTLS12, agent.Options{KeepAlive: true, MaxCachedSessions: 100}, 1, nil, []bool{false, true, true}},
		{"no keep-alive, cache, TLS 1.2", tls.VersionTLS12, agent.Options{MaxCachedSessions: 100}, 3, []bool{false, true, true}, []bool{false, false, false}},
		{"no keep-alive, cache, TLS 1.3", tls.VersionTLS13, agent.Options{MaxCachedSessions: 100}, 3, []bool{false, true, true}, []bool{false, false, false}},
		{"no keep-alive, no cache", tls.VersionTLS12, agent.Options{}, 3, []bool{false, false, false}, []bool{false, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tc.version, nil)
			a := s.newAgent(t, tc.opts)
			var full, resumed int
			for i := range 3 {
				rec := s.get(t, a)
				if rec.Reused != tc.reused[i] || rec.NewConn == tc.reused[i] {
					t.Errorf("request %d: reused=%v newConn=%v, want reused=%v", i, rec.Reused, rec.NewConn, tc.reused[i])
				}
				if rec.Handshake != !rec.Reused {
					t.Errorf("request %d: handshake=%v on reused=%v", i, rec.Handshake, rec.Reused)
				}
				if rec.Handshake {
					if rec.TLSResumed {
						resumed++
					} else {
						full++
					}
					if rec.TLS <= 0 || rec.Connect <= 0 {
						t.Errorf("request %d: tls=%v connect=%v, want both > 0 on a new connection", i, rec.TLS, rec.Connect)
					}
				}
				if tc.wantResume != nil && rec.TLSResumed != tc.wantResume[i] {
					t.Errorf("request %d: resumed=%v, want %v", i, rec.TLSResumed, tc.wantResume[i])
				}
				if rec.Reused && (!rec.WasIdle || rec.IdleTime <= 0) {
					t.Errorf("request %d: reused but wasIdle=%v idle=%v", i, rec.WasIdle, rec.IdleTime)
				}
				if rec.TTFB <= 0 || rec.Total < rec.TTFB || rec.Status != http.StatusOK {
					t.Errorf("request %d: ttfb=%v total=%v status=%d", i, rec.TTFB, rec.Total, rec.Status)
				}
			}
			st := a.Stats()
			if int(st.Dialed) != tc.wantConns {
				t.Errorf("dialed %d, want %d", st.Dialed, tc.wantConns)
			}
			closed := 0
			if !tc.opts.KeepAlive {
				closed = tc.wantConns
			}
			s.waitCounts(t, serverCounts{opened: tc.wantConns, closed: closed, full: full, resumed: resumed})
		})
	}
}

func TestFreeSocketTimeout(t *testing.T) {
	const timeout = 50 * time.Millisecond
	t.Run("fires when not frozen", func(t *testing.T) {
		s := newTestServer(t, tls.VersionTLS13, nil)
		a := s.newAgent(t, agent.Options{KeepAlive: true, FreeSocketTimeout: timeout})
		s.get(t, a)
		s.waitCounts(t, serverCounts{opened: 1, closed: 1, full: 1})
		if st := a.Stats(); st.Expired != 1 || st.Open != 0 {
			t.Fatalf("stats %+v, want 1 expired, 0 open", st)
		}
	})
	t.Run("does not fire while frozen", func(t *testing.T) {
		s := newTestServer(t, tls.VersionTLS13, nil)
		w := agent.NewWorld()
		a := s.newAgentIn(t, w, agent.Options{KeepAlive: true, FreeSocketTimeout: timeout})
		s.get(t, a)
		w.Freeze()
		time.Sleep(3 * timeout)
		if st := a.Stats(); st.Expired != 0 || st.Open != 1 || st.Idle != 1 {
			t.Fatalf("frozen: stats %+v, want the idle connection still open", st)
		}
		if c := s.counts(); c.closed != 0 {
			t.Fatalf("frozen: server saw %d closes", c.closed)
		}
		w.Thaw()
		if st := a.Stats(); st.Expired != 1 || st.Open != 0 {
			t.Fatalf("thawed: stats %+v, want the expired connection closed on thaw", st)
		}
		s.waitCounts(t, serverCounts{opened: 1, closed: 1, full: 1})
		if rec := s.get(t, a); rec.Reused {
			t.Fatal("request after thaw reused an expired connection")
		}
	})
	t.Run("keeps the rest of its time after a short freeze", func(t *testing.T) {
		s := newTestServer(t, tls.VersionTLS13, nil)
		w := agent.NewWorld()
		a := s.newAgentIn(t, w, agent.Options{KeepAlive: true, FreeSocketTimeout: 300 * time.Millisecond})
		s.get(t, a)
		w.Freeze()
		time.Sleep(20 * time.Millisecond)
		w.Thaw()
		if st := a.Stats(); st.Open != 1 {
			t.Fatalf("stats %+v after a short freeze, want the connection open", st)
		}
		if rec := s.get(t, a); !rec.Reused {
			t.Fatal("connection not reused within its free-socket timeout")
		}
		s.waitCounts(t, serverCounts{opened: 1, closed: 1, full: 1})
	})
}

func TestCloseClosesEveryConn(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	s := newTestServer(t, tls.VersionTLS13, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			entered <- struct{}{}
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	})
	defer close(release)
	a := s.newAgent(t, agent.Options{KeepAlive: true})
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/slow", nil)
		_, err := a.Do(req)
		errc <- err
	}()
	<-entered
	s.get(t, a) // needs a second connection, which then stays idle
	if st := a.Stats(); st.Open != 2 || st.Idle != 1 {
		t.Fatalf("before close: %+v, want 2 open, 1 idle", st)
	}
	a.Close()
	if err := <-errc; err == nil {
		t.Fatal("request in flight survived Close")
	}
	s.waitCounts(t, serverCounts{opened: 2, closed: 2, full: 2})
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/", nil)
	if _, err := a.Do(req); !errors.Is(err, agent.ErrClosed) {
		t.Fatalf("Do after Close: %v, want ErrClosed", err)
	}
}

// TestSocketLimits runs three requests at once against a server that holds
// them, to see how many connections each limit lets the agent open and keep.
func TestSocketLimits(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		opts                 agent.Options
		wantDialed, wantIdle int
	}{
		{"unlimited", agent.Options{KeepAlive: true}, 3, 3},
		{"maxSockets 1", agent.Options{KeepAlive: true, MaxSockets: 1}, 1, 1},
		{"maxFreeSockets 1", agent.Options{KeepAlive: true, MaxFreeSockets: 1}, 3, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var wg sync.WaitGroup
			gate := make(chan struct{})
			s := newTestServer(t, tls.VersionTLS13, func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-gate:
				case <-r.Context().Done():
				}
			})
			a := s.newAgent(t, tc.opts)
			for range 3 {
				wg.Go(func() {
					req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, s.URL+"/", nil)
					if _, err := a.Do(req); err != nil {
						t.Error(err)
					}
				})
			}
			time.Sleep(100 * time.Millisecond)
			close(gate)
			wg.Wait()
			if st := a.Stats(); int(st.Dialed) != tc.wantDialed || st.Idle != tc.wantIdle {
				t.Fatalf("stats %+v, want %d dialed and %d idle", st, tc.wantDialed, tc.wantIdle)
			}
		})
	}
}
