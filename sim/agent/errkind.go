package agent

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// ErrorKind names why a request failed, in the terms a Node developer meets
// them: ECONNRESET and "socket hang up" are a reset, ETIMEDOUT or an abort
// signal a timeout, ECONNREFUSED refused, a handshake failure tls, and an
// answer that is not a success http.
type ErrorKind string

// The kinds of failure a request can have.
const (
	KindReset   ErrorKind = "reset"
	KindTimeout ErrorKind = "timeout"
	KindRefused ErrorKind = "refused"
	KindTLS     ErrorKind = "tls"
	KindHTTP    ErrorKind = "http"
	// KindOther is any other failure, such as a request through a closed
	// agent.
	KindOther ErrorKind = "other"
)

// Kinds are the kinds a retry policy may name, in the order outputs list
// them.
var Kinds = []ErrorKind{KindReset, KindTimeout, KindRefused, KindTLS, KindHTTP}

// ParseErrorKind accepts one of Kinds.
func ParseErrorKind(s string) (ErrorKind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// httpError marks an answer that is not a success, keeping its message.
type httpError struct{ err error }

func (e httpError) Error() string { return e.err.Error() }
func (e httpError) Unwrap() error { return e.err }

// Classify returns the kind of err, or "" for nil.
func Classify(err error) ErrorKind {
	var (
		he         httpError
		ne         net.Error
		recordErr  tls.RecordHeaderError
		alertErr   tls.AlertError
		verifyErr  *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &he):
		return KindHTTP
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return KindTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return KindRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		strings.Contains(err.Error(), "server closed idle connection"):
		return KindReset
	case errors.As(err, &recordErr), errors.As(err, &alertErr), errors.As(err, &verifyErr),
		errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalidErr),
		strings.Contains(err.Error(), "tls: "):
		return KindTLS
	}
	return KindOther
}
