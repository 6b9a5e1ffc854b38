package netem_test

import (
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
)

const resetRTT = 20 * time.Millisecond

// readAll reads until an error and returns the bytes and that error.
func readAll(c net.Conn) ([]byte, error) {
	var got []byte
	buf := make([]byte, 64)
	for {
		n, err := c.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			return got, err
		}
	}
}

// Bytes sent to an end that has closed are answered with a RST, which
// reaches the sender one round trip after its write, flushes what it had not
// read (the FIN included) and makes its reads and writes fail with
// ECONNRESET. Nothing is delivered to the closed end in silence.
func TestBytesToAClosedEndAreAnsweredWithAReset(t *testing.T) {
	link, client, server := pair(t, netem.Config{RTT: resetRTT})
	server.Close()
	time.Sleep(resetRTT) // the FIN has arrived and waits, unread
	sent := time.Now()
	if _, err := client.Write([]byte("GET / HTTP/1.1\r\n\r\n")); err != nil {
		t.Fatalf("write before the RST: %v", err)
	}
	client.SetReadDeadline(time.Now().Add(resetRTT))
	if _, err := client.Read(make([]byte, 8)); err != io.EOF {
		t.Fatalf("read before the RST = %v, want the FIN (io.EOF)", err)
	}
	client.SetReadDeadline(time.Time{})
	time.Sleep(time.Until(sent.Add(resetRTT + resetRTT/2)))
	if _, err := client.Read(make([]byte, 8)); !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("read after the RST = %v, want ECONNRESET", err)
	}
	if _, err := client.Write([]byte("x")); !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("write after the RST = %v, want ECONNRESET", err)
	}
	if got := link.Stats().Resets; got != 1 {
		t.Fatalf("Resets = %d, want 1", got)
	}
}

// SetLinger(0) closes with a RST: the peer loses what it had not read and
// sees ECONNRESET half a round trip later, not io.EOF.
func TestLingerZeroClosesWithAReset(t *testing.T) {
	_, client, server := pair(t, netem.Config{RTT: resetRTT})
	server.Write([]byte("unread"))
	server.SetLinger(0)
	server.Close()
	time.Sleep(resetRTT)
	got, err := readAll(client)
	if !errors.Is(err, syscall.ECONNRESET) || len(got) != 0 {
		t.Fatalf("read %q, %v; want nothing and ECONNRESET", got, err)
	}
}

// A read gate holds back what has arrived until it opens, the reset
// included, and is asked again when something new arrives.
func TestReadGateHoldsBackArrivals(t *testing.T) {
	_, client, server := pair(t, netem.Config{RTT: resetRTT})
	open := make(chan struct{})
	asked := make(chan bool, 8)
	client.SetReadGate(func(reset bool) <-chan struct{} {
		asked <- reset
		select {
		case <-open:
			return nil
		default:
			return open
		}
	})
	server.Write([]byte("hello"))
	server.Close()
	got := make(chan error, 1)
	go func() {
		_, err := readAll(client)
		got <- err
	}()
	if reset := <-asked; reset {
		t.Fatal("gate asked with a reset before any RST")
	}
	select {
	case err := <-got:
		t.Fatalf("read returned %v through a closed gate", err)
	case <-time.After(3 * resetRTT):
	}
	close(open)
	if err := <-got; err != io.EOF {
		t.Fatalf("read after the gate opened: %v, want io.EOF", err)
	}
}
