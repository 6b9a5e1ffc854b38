package upstream

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	simtls "github.com/coldwire/coldwire/sim/tls"
)

// The server closes an idle kept-alive connection with a FIN by default and
// with a RST under IdleCloseRST: the client's socket reads io.EOF in one
// case, ECONNRESET in the other, once the TLS close_notify is read.
func TestIdleClose(t *testing.T) {
	for _, tt := range []struct {
		close string
		want  error
	}{
		{"", io.EOF},
		{IdleCloseFIN, io.EOF},
		{IdleCloseRST, syscall.ECONNRESET},
	} {
		t.Run("idle_close="+tt.close, func(t *testing.T) {
			_, a, url := newTLSServer(t, Config{Token: "t", IdleTimeout: 50 * time.Millisecond, IdleClose: tt.close})
			raw, err := net.Dial("tcp", strings.TrimPrefix(url, "https://"))
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			c := tls.Client(raw, a.ClientConfig(simtls.ClientOptions{ServerName: "127.0.0.1"}))
			req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`["PING"]`))
			req.Header.Set("Authorization", "Bearer t")
			if err := req.Write(c); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 4096)
			if _, err := c.Read(buf); err != nil {
				t.Fatalf("response: %v", err)
			}
			raw.SetReadDeadline(time.Now().Add(2 * time.Second))
			for {
				if _, err = raw.Read(buf); err != nil {
					break
				}
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("idle socket read %v, want %v", err, tt.want)
			}
		})
	}
}

func TestIdleCloseValidated(t *testing.T) {
	if _, err := New(Config{Token: "t", IdleClose: "slam"}); err == nil {
		t.Fatal(`IdleClose "slam" accepted`)
	}
}
