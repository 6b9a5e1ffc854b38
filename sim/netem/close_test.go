package netem_test

import (
	"context"
	"errors"
	"net"
	"net/http/httptrace"
	"strconv"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
)

// Closing a link ends the waits under way on it at once, whether the link
// owns its scheduler or shares one that keeps running.
func TestCloseWakesWaitsInFlight(t *testing.T) {
	const long = time.Minute // any wait that ends on its own fails the test
	tests := []struct {
		name string
		// wait blocks on the link; started is closed once it is under way.
		wait func(ctx context.Context, link *netem.Link, port int, started chan<- struct{}) error
	}{
		{"dial in its DNS wait", func(ctx context.Context, link *netem.Link, port int, started chan<- struct{}) error {
			ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
				DNSStart: func(httptrace.DNSStartInfo) { close(started) },
			})
			_, err := link.Dialer(nil).DialContext(ctx, "tcp", net.JoinHostPort("db.test", strconv.Itoa(port)))
			return err
		}},
		{"dial in its SYN flight", func(ctx context.Context, link *netem.Link, port int, started chan<- struct{}) error {
			ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
				ConnectStart: func(string, string) { close(started) },
			})
			_, err := link.Dialer(nil).DialContext(ctx, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
			return err
		}},
		{"sleep", func(ctx context.Context, link *netem.Link, _ int, started chan<- struct{}) error {
			close(started)
			return link.Sleep(ctx, long)
		}},
	}
	for _, shared := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(tt.name+"/shared scheduler "+strconv.FormatBool(shared), func(t *testing.T) {
				var opts []netem.Option
				if shared {
					sched := netem.NewScheduler()
					defer sched.Close()
					opts = append(opts, netem.WithScheduler(sched))
				}
				link, err := netem.NewLink(netem.Config{RTT: 2 * long, DNS: long}, opts...)
				if err != nil {
					t.Fatal(err)
				}
				defer link.Close()
				ln, err := link.Listen("db.test", "")
				if err != nil {
					t.Fatal(err)
				}
				started := make(chan struct{})
				result := make(chan error, 1)
				go func() {
					result <- tt.wait(context.Background(), link, ln.Addr().(*net.TCPAddr).Port, started)
				}()
				<-started
				time.Sleep(20 * time.Millisecond) // let it block
				link.Close()
				select {
				case err := <-result:
					if !errors.Is(err, netem.ErrLinkClosed) {
						t.Errorf("got %v, want %v", err, netem.ErrLinkClosed)
					}
				case <-time.After(5 * time.Second):
					t.Fatal("still waiting 5 s after the link closed")
				}
			})
		}
	}
}
