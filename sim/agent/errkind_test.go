package agent_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/coldwire/coldwire/sim/agent"
)

// A failure is named as a Node developer would meet it.
func TestClassify(t *testing.T) {
	op := func(err error) error { return &net.OpError{Op: "read", Net: "tcp", Err: err} }
	for _, tt := range []struct {
		err  error
		want agent.ErrorKind
	}{
		{nil, ""},
		{op(&os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}), agent.KindReset},
		{fmt.Errorf("agent: POST /: %w", io.EOF), agent.KindReset},
		{fmt.Errorf("broken: %w", io.ErrUnexpectedEOF), agent.KindReset},
		{errors.New("http: server closed idle connection"), agent.KindReset},
		{fmt.Errorf("agent: POST /: %w", context.DeadlineExceeded), agent.KindTimeout},
		{op(os.ErrDeadlineExceeded), agent.KindTimeout},
		{op(&os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}), agent.KindRefused},
		{tls.AlertError(40), agent.KindTLS},
		{errors.New("tls: handshake failure"), agent.KindTLS},
		{agent.ErrClosed, agent.KindOther},
	} {
		if got := agent.Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestParseErrorKind(t *testing.T) {
	for _, k := range agent.Kinds {
		if got, ok := agent.ParseErrorKind(string(k)); !ok || got != k {
			t.Errorf("ParseErrorKind(%q) = %q, %v", k, got, ok)
		}
	}
	if _, ok := agent.ParseErrorKind("other"); ok {
		t.Error(`"other" is not a kind a policy may name`)
	}
}
