package agent_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/coldwire/coldwire/sim/agent"
)

func TestClientWork(t *testing.T) {
	for _, tc := range []struct {
		name      string
		work      agent.Work
		wantPaths []string
		wantRecs  int
	}{
		{"default SET", agent.Work{}, []string{"/"}, 1},
		{"sequential", agent.Work{Commands: [][]string{{"SET", "a", "1"}, {"GET", "a"}, {"DEL", "a"}}}, []string{"/", "/", "/"}, 3},
		{"pipeline", agent.Work{Commands: [][]string{{"SET", "a", "1"}, {"GET", "a"}}, Pipeline: true}, []string{"/pipeline"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tls.VersionTLS13, nil)
			a := s.newAgent(t, agent.Options{KeepAlive: true})
			c, err := agent.NewClient(a, s.URL, "secret", agent.WithSeed(7))
			if err != nil {
				t.Fatal(err)
			}
			recs, err := c.Do(context.Background(), tc.work)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != tc.wantRecs {
				t.Fatalf("%d records, want %d", len(recs), tc.wantRecs)
			}
			for i, r := range recs {
				if r.Reused != (i > 0) {
					t.Errorf("record %d reused=%v", i, r.Reused)
				}
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if strings.Join(s.paths, " ") != strings.Join(tc.wantPaths, " ") {
				t.Fatalf("paths %q, want %q", s.paths, tc.wantPaths)
			}
			for _, au := range s.auths {
				if au != "Bearer secret" {
					t.Fatalf("Authorization %q", au)
				}
			}
			if tc.work.Pipeline {
				var cmds [][]string
				if err := json.Unmarshal([]byte(s.bodies[0]), &cmds); err != nil || len(cmds) != len(tc.work.Commands) {
					t.Fatalf("pipeline body %s: %v", s.bodies[0], err)
				}
			}
		})
	}
}

func TestClientDefaultSetIsSeeded(t *testing.T) {
	s := newTestServer(t, tls.VersionTLS13, nil)
	a := s.newAgent(t, agent.Options{KeepAlive: true})
	for _, seed := range []uint64{1, 1, 2} {
		c, err := agent.NewClient(a, s.URL, "t", agent.WithSeed(seed))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Do(context.Background(), agent.Work{}); err != nil {
			t.Fatal(err)
		}
	}
	var cmds [3][]string
	for i, b := range s.bodies {
		if err := json.Unmarshal([]byte(b), &cmds[i]); err != nil {
			t.Fatal(err)
		}
	}
	if len(cmds[0]) != 5 || cmds[0][0] != "SET" || cmds[0][3] != "EX" || cmds[0][4] != "60" {
		t.Fatalf("default command %q, want SET <key> <value> EX 60", cmds[0])
	}
	if cmds[0][1] != cmds[1][1] || cmds[0][2] != cmds[1][2] {
		t.Errorf("same seed gave %q and %q", cmds[0], cmds[1])
	}
	if cmds[0][1] == cmds[2][1] {
		t.Errorf("different seeds gave the same key %q", cmds[0][1])
	}
}

func TestClientErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		work    agent.Work
		wantErr string
	}{
		{"unauthorized", http.StatusUnauthorized, `{"error":"Unauthorized"}`, agent.Work{}, "401: Unauthorized"},
		{"redis error", http.StatusBadRequest, `{"error":"ERR wrong number of arguments"}`, agent.Work{}, "ERR wrong number"},
		{"not json", http.StatusBadGateway, `bad gateway`, agent.Work{}, "502: bad gateway"},
		{"pipeline item error", http.StatusOK, `[{"result":"OK"},{"error":"WRONGTYPE"}]`, agent.Work{Commands: [][]string{{"SET", "a", "1"}, {"LPUSH", "a", "1"}}, Pipeline: true}, "pipeline command 2: WRONGTYPE"},
		{"empty command", http.StatusOK, `{"result":"OK"}`, agent.Work{Commands: [][]string{{}}}, "command 1 is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tls.VersionTLS13, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			a := s.newAgent(t, agent.Options{KeepAlive: true})
			c, err := agent.NewClient(a, s.URL, "t")
			if err != nil {
				t.Fatal(err)
			}
			recs, err := c.Do(context.Background(), tc.work)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tc.wantErr)
			}
			if len(recs) > 0 && recs[len(recs)-1].Err == "" {
				t.Fatal("failed record has no Err")
			}
		})
	}
}

func TestNewClientRejectsBadURL(t *testing.T) {
	s := newTestServer(t, tls.VersionTLS13, nil)
	a := s.newAgent(t, agent.Options{})
	for _, u := range []string{"", "redis.coldwire.test", "ftp://x", "https://", "://bad"} {
		if _, err := agent.NewClient(a, u, "t"); err == nil {
			t.Errorf("NewClient(%q): no error", u)
		}
	}
	if _, err := agent.NewClient(nil, s.URL, "t"); err == nil {
		t.Error("NewClient(nil agent): no error")
	}
}
