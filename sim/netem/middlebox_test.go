package netem_test

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
)

// A middlebox forgets a connection idle for its timeout. With "rst" the next
// write is answered with a RST one round trip later; with "drop" it vanishes
// and the reader waits for as long as it is willing to. A connection that
// keeps talking is never forgotten.
func TestMiddleboxForgetsIdleConnections(t *testing.T) {
	const idle = 60 * time.Millisecond
	tests := []struct {
		action string
		pause  time.Duration
		// want is the client's read error after its write; nil means the
		// server's echo arrived.
		want error
	}{
		{netem.ActionReset, idle + 20*time.Millisecond, syscall.ECONNRESET},
		{netem.ActionDrop, idle + 20*time.Millisecond, os.ErrDeadlineExceeded},
		{netem.ActionReset, idle / 3, nil},
		{netem.ActionDrop, idle / 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.action+"/pause "+tt.pause.String(), func(t *testing.T) {
			link, client, server := pair(t, netem.Config{RTT: resetRTT,
				Middlebox: netem.Middlebox{IdleTimeout: idle, Action: tt.action}})
			go func() {
				buf := make([]byte, 16)
				for {
					n, err := server.Read(buf)
					if err != nil {
						return
					}
					server.Write(buf[:n])
				}
			}()
			time.Sleep(tt.pause)
			sent := time.Now()
			if _, err := client.Write([]byte("ping")); err != nil {
				t.Fatal(err)
			}
			client.SetReadDeadline(sent.Add(5 * resetRTT))
			_, err := client.Read(make([]byte, 16))
			took := time.Since(sent)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("read = %v, want the echo", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("read = %v, want %v", err, tt.want)
			}
			if took < resetRTT {
				t.Fatalf("answer after %v, before one round trip", took)
			}
			if wantResets := int64(0); tt.want == syscall.ECONNRESET {
				wantResets = 1
				if got := link.Stats().Resets; got != wantResets {
					t.Fatalf("Resets = %d, want %d", got, wantResets)
				}
			}
		})
	}
}

func TestMiddleboxConfigIsValidated(t *testing.T) {
	for _, m := range []netem.Middlebox{
		{IdleTimeout: -time.Second, Action: netem.ActionDrop},
		{IdleTimeout: time.Second, Action: "reject"},
	} {
		if _, err := netem.NewLink(netem.Config{Middlebox: m}); err == nil {
			t.Errorf("NewLink accepted %+v", m)
		}
	}
}
