package netem_test

import (
	"crypto/tls"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
	simtls "github.com/coldwire/coldwire/sim/tls"
)

// curlTimes are curl's timings of two transfers over one connection.
type curlTimes struct {
	connect, appconnect, total [2]time.Duration
	connects                   [2]int
}

// TestCurlOverListener checks that an outside client pays the link's round
// trips although its socket is a plain loopback one: the listener charges
// the TCP handshake and delays both directions. As in TestHTTPSRoundTrips,
// the expectation adds what the same exchange costs at RTT 0, and each
// figure is the fastest of three runs.
func TestCurlOverListener(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		// CI installs curl: there a missing curl is a broken setup, not a
		// reason to pass without testing.
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but curl is not on PATH")
		}
		t.Skip("curl not on PATH")
	}
	a, err := simtls.NewAuthority(testHost)
	if err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := a.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	run := func(rtt time.Duration) curlTimes {
		link, err := netem.NewLink(netem.Config{RTT: rtt})
		if err != nil {
			t.Fatal(err)
		}
		defer link.Close()
		ln := serveHTTPS(t, link, a, simtls.ServerOptions{MinVersion: tls.VersionTLS13})
		url := "https://" + ln.Addr().String()
		out, err := exec.Command(curl, "-sS", "--http1.1", "--cacert", ca,
			"-w", "%{time_connect} %{time_appconnect} %{time_total} %{num_connects}\n",
			"-o", "/dev/null", url+"/a", "-o", "/dev/null", url+"/b").CombinedOutput()
		if err != nil {
			t.Fatalf("curl: %v\n%s", err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 {
			t.Fatalf("curl printed %q, want two lines", out)
		}
		var ct curlTimes
		for i, line := range lines {
			var c, ac, tot float64
			if _, err := fmt.Sscan(line, &c, &ac, &tot, &ct.connects[i]); err != nil {
				t.Fatalf("parse %q: %v", line, err)
			}
			sec := func(v float64) time.Duration { return time.Duration(v * float64(time.Second)) }
			ct.connect[i], ct.appconnect[i], ct.total[i] = sec(c), sec(ac), sec(tot)
		}
		return ct
	}
	fastest := func(a, b curlTimes) curlTimes {
		for i := range 2 {
			a.connect[i] = min(a.connect[i], b.connect[i])
			a.appconnect[i] = min(a.appconnect[i], b.appconnect[i])
			a.total[i] = min(a.total[i], b.total[i])
		}
		return a
	}
	// Runs at RTT 0 and at testRTT alternate, so that both see the same
	// moments of a busy machine; curl's own start-up is tens of
	// milliseconds of CPU that a loaded box stretches.
	base, got := run(0), run(testRTT)
	for range 4 {
		base, got = fastest(base, run(0)), fastest(got, run(testRTT))
	}

	if got.connects[0] != 1 || got.connects[1] != 0 {
		t.Fatalf("curl opened %v connections, want the second transfer to reuse the first", got.connects)
	}
	// The kernel answered the SYN, so curl's connect shows nothing...
	if got.connect[0] > 3*time.Millisecond {
		t.Errorf("time_connect %v, want about 0: the kernel's handshake is not delayed", got.connect[0])
	}
	// ...and its TLS handshake carries the TCP round trip: 1 + 1 (TLS 1.3).
	near(t, "time_appconnect", got.appconnect[0], 2*testRTT, base.appconnect[0])
	// Connect, TLS 1.3 and the request: three round trips, then one.
	near(t, "first time_total", got.total[0], 3*testRTT, base.total[0])
	near(t, "second time_total", got.total[1], testRTT, base.total[1])
	if base.total[1] < serverTime {
		t.Errorf("second transfer at RTT 0 took %v, below the handler's %v", base.total[1], serverTime)
	}
}
