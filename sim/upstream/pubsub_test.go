package upstream

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// openStream starts an event stream and returns a function reading its next
// data line.
func openStream(t *testing.T, hs *httptest.Server, path string) func() string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL+path, strings.NewReader("[]"))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
	})
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, ct)
	}
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if l, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				lines <- l
			}
		}
	}()
	return func() string {
		select {
		case l := <-lines:
			return l
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no event", path)
			return ""
		}
	}
}

// Subscriptions are server-sent events, one "data:" line each, with the
// fields joined by commas as the SDK splits them.
func TestSubscribe(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	next := openStream(t, hs, "/subscribe/news")
	if got := next(); got != "subscribe,news,1" {
		t.Errorf("first event %q, want the subscription", got)
	}
	runExchanges(t, hs, []exchange{
		{"publish reaches the one subscriber", call{body: `["PUBLISH","news","hello, world"]`}, 200, `{"result":1}`},
		{"other channels do not", call{body: `["PUBLISH","sport","goal"]`}, 200, `{"result":0}`},
		{"", call{body: `["PUBLISH","news","again"]`}, 200, `{"result":1}`},
	})
	for _, want := range []string{"message,news,hello, world", "message,news,again"} {
		if got := next(); got != want {
			t.Errorf("event %q, want %q", got, want)
		}
	}
}

func TestPsubscribe(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	next := openStream(t, hs, "/psubscribe/news.*")
	if got := next(); got != "psubscribe,news.*,1" {
		t.Errorf("first event %q", got)
	}
	runExchanges(t, hs, []exchange{{"publish", call{body: `["PUBLISH","news.eu","hi"]`}, 200, `{"result":1}`}})
	if got := next(); got != "pmessage,news.*,news.eu,hi" {
		t.Errorf("event %q", got)
	}
}

// A closed stream unsubscribes: publishers stop counting it.
func TestStreamEndUnsubscribes(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL+"/subscribe/c", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	resp.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for send(t, hs, call{body: `["PUBLISH","c","x"]`}).body != `{"result":0}` {
		if time.Now().After(deadline) {
			t.Fatal("the closed stream still receives messages")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// /monitor streams the commands the database runs.
func TestMonitor(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	next := openStream(t, hs, "/monitor")
	if got := next(); got != "OK" {
		t.Errorf("first event %q, want OK", got)
	}
	send(t, hs, call{body: `["SET","k","v"]`})
	if got := next(); !strings.HasSuffix(got, ` "SET" "k" "v"`) {
		t.Errorf("event %q, want the SET", got)
	}
}
