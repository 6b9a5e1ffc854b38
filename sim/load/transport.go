package load

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// cancelTransport ties every request to the run's context. vegeta builds its
// requests without a context, so Attacker.Stop alone would leave invocations
// in flight until they finish or time out; cancelling the run must not wait
// for a stuck platform.
//
// It also refuses requests from sendBy on (zero: never): a closed loop's
// pacer lets a tick go before a virtual user is free to take it, so only the
// moment of sending can tell whether it falls within the plan's Duration.
type cancelTransport struct {
	ctx    context.Context
	base   http.RoundTripper
	sendBy time.Time
}

// errNotSent fails a request that a worker started after the run was
// cancelled or its duration was over: it never left, so it is no invocation.
var errNotSent = errors.New("load: run cancelled or over before this invocation was sent")

func (t *cancelTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.ctx.Err() != nil || !t.sendBy.IsZero() && !time.Now().Before(t.sendBy) {
		return nil, errNotSent
	}
	ctx, cancel := context.WithCancel(req.Context())
	stop := context.AfterFunc(t.ctx, cancel)
	release := func() {
		stop()
		cancel()
	}
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		release()
		return nil, err
	}
	// The body is read after RoundTrip returns, so the request's context
	// must live until the body is closed.
	resp.Body = &releaseBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

type releaseBody struct {
	io.ReadCloser
	release func()
}

func (b *releaseBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
