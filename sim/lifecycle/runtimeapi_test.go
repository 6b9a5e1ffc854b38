package lifecycle

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The Runtime API as a runtime sees it: the first /next marks the
// container ready and waits for an event; a result comes back under the
// event's request id; bad requests get a status and Lambda's error
// document, and the endpoint stays up.
func TestRuntimeAPI(t *testing.T) {
	a, err := newRuntimeAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	base := "http://" + a.addr() + "/2018-06-01/runtime"

	type answer struct {
		id, body string
		err      error
	}
	got := make(chan answer, 1)
	go func() {
		res, err := http.Get(base + "/invocation/next")
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- answer{id: res.Header.Get(requestIDKey), body: string(b), err: err}
	}()
	select {
	case <-a.ready:
	case <-time.After(5 * time.Second):
		t.Fatal("the first /next did not mark the container ready")
	}
	a.events <- apiEvent{id: "1-7", body: []byte(`{"seq":7}`)}
	ans := <-got
	if ans.err != nil || ans.id != "1-7" || ans.body != `{"seq":7}` {
		t.Fatalf("/next answered id %q body %q (%v); want 1-7 and the event", ans.id, ans.body, ans.err)
	}

	res, err := http.Post(base+"/invocation/1-7/response", "application/json", strings.NewReader(`{"redis_ms":2.5}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		t.Errorf("response: status %d, want 202", res.StatusCode)
	}
	if r := <-a.results; r.id != "1-7" || string(r.body) != `{"redis_ms":2.5}` || r.err != nil {
		t.Errorf("result %+v, want 1-7 with the body", r)
	}

	bad := []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/invocation/1-8/error", `not json`, http.StatusBadRequest},
		{"GET", "/invocation/1-8/response", ``, http.StatusNotFound},
		{"GET", "/nothing", ``, http.StatusNotFound},
	}
	for _, b := range bad {
		req, _ := http.NewRequest(b.method, base+b.path, strings.NewReader(b.body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e runtimeError
		derr := json.NewDecoder(res.Body).Decode(&e)
		res.Body.Close()
		if res.StatusCode != b.status {
			t.Errorf("%s %s: status %d, want %d", b.method, b.path, res.StatusCode, b.status)
		}
		if derr != nil || e.Message == "" {
			t.Errorf("%s %s: body is not an error document (%v)", b.method, b.path, derr)
		}
	}
	res, err = http.Post(base+"/invocation/1-9/error", "application/json",
		strings.NewReader(`{"errorType":"Error","errorMessage":"socket hang up","errorCode":"ECONNRESET"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if r := <-a.results; r.err == nil || r.err.Error() != "Error: socket hang up (ECONNRESET)" {
		t.Errorf("error result %+v, want the runtime's error", r)
	}
}

// A result or an error may carry the bootstrap's Coldwire-Calls header
// beside Lambda's body; one that is not the bootstrap's JSON gets 400 with
// an error document, and the endpoint stays up for the retry.
func TestRuntimeAPICalls(t *testing.T) {
	a, err := newRuntimeAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	base := "http://" + a.addr() + "/2018-06-01/runtime/invocation/1-3"
	post := func(path, body, calls string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set(callsKey, calls)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode == http.StatusBadRequest {
			var e runtimeError
			if err := json.NewDecoder(res.Body).Decode(&e); err != nil || !strings.Contains(e.Message, callsKey) {
				t.Errorf("400 without an error document naming the header: %+v (%v)", e, err)
			}
		}
		return res.StatusCode
	}
	if s := post("/response", `{}`, `{"calls":"no"}`); s != http.StatusBadRequest {
		t.Errorf("bad header: status %d, want 400", s)
	}
	for _, path := range []string{"/response", "/error"} {
		if s := post(path, `{"errorMessage":"x"}`, `{"calls":[{"reused":true,"attempt":1}],"closes_seen":1}`); s != http.StatusAccepted {
			t.Fatalf("%s: status %d, want 202", path, s)
		}
		if r := <-a.results; r.calls == nil || len(r.calls.Calls) != 1 || !r.calls.Calls[0].Reused || r.calls.ClosesSeen != 1 {
			t.Errorf("%s: result %+v, want the header's call and close", path, r)
		}
	}
}
