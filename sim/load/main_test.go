package load

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// frontDoor stands in for the platform's front door: it takes delay to
// answer each invocation with a small JSON record, and counts what it sees.
type frontDoor struct {
	*httptest.Server
	delay time.Duration
	// hold, if not nil, keeps every invocation waiting until it is closed.
	hold chan struct{}

	inFlight, maxInFlight, conns atomic.Int64

	mu       sync.Mutex
	arrivals []time.Time
	seq      int64
}

func newFrontDoor(t testing.TB, delay time.Duration) *frontDoor {
	t.Helper()
	return startFrontDoor(t, &frontDoor{delay: delay})
}

// newHeldFrontDoor answers nothing until release is called; the test's
// cleanup calls it, if the test did not, before the server closes.
func newHeldFrontDoor(t testing.TB) (fd *frontDoor, release func()) {
	t.Helper()
	fd = &frontDoor{hold: make(chan struct{})}
	release = sync.OnceFunc(func() { close(fd.hold) })
	startFrontDoor(t, fd)
	t.Cleanup(release)
	return fd, release
}

func startFrontDoor(t testing.TB, fd *frontDoor) *frontDoor {
	t.Helper()
	fd.Server = httptest.NewUnstartedServer(http.HandlerFunc(fd.serve))
	fd.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			fd.conns.Add(1)
		}
	}
	fd.Start()
	t.Cleanup(fd.Close)
	return fd
}

func (fd *frontDoor) serve(w http.ResponseWriter, r *http.Request) {
	n := fd.inFlight.Add(1)
	defer fd.inFlight.Add(-1)
	for {
		m := fd.maxInFlight.Load()
		if n <= m || fd.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}
	fd.mu.Lock()
	fd.arrivals = append(fd.arrivals, time.Now())
	seq := fd.seq
	fd.seq++
	fd.mu.Unlock()

	if fd.hold != nil {
		select {
		case <-fd.hold:
		case <-r.Context().Done():
			return
		}
	}
	if fd.delay > 0 {
		t := time.NewTimer(fd.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Coldwire-Start", "warm")
	json.NewEncoder(w).Encode(map[string]any{"function": r.URL.Path[1:], "seq": seq})
}

func (fd *frontDoor) url() string { return fd.URL + "/fn" }

// collect drains a run.
func collect(t testing.TB, ch <-chan Result) []Result {
	t.Helper()
	var rs []Result
	for r := range ch {
		rs = append(rs, r)
	}
	return rs
}
