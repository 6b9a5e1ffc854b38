package agent

import "slices"

// Protocol names offered over ALPN.
const (
	protoH2    = "h2"
	protoHTTP1 = "http/1.1"
)

// alpn is what the agent offers over ALPN: the caller's list without "h2"
// for an HTTP/1.1 agent, whose transport could not speak it if the server
// took it, and with "h2" first and "http/1.1" after for an HTTP/2 one, as
// Go's transport offers them.
func alpn(given []string, http2 bool) []string {
	protos := slices.DeleteFunc(slices.Clone(given), func(p string) bool { return p == protoH2 })
	if !http2 {
		return protos
	}
	if !slices.Contains(protos, protoHTTP1) {
		protos = append(protos, protoHTTP1)
	}
	return append([]string{protoH2}, protos...)
}

// openStream counts a request on tc if tc speaks HTTP/2, and reports
// whether it does. An HTTP/2 connection never goes back to the transport's
// idle pool, so it is idle, and its free-socket timer runs, from the end of
// its last open stream, as Go's HTTP/2 transport counts idleness.
func (a *Agent) openStream(tc *trackedConn) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !tc.h2 {
		return false
	}
	tc.streams++
	a.markBusyLocked(tc)
	return true
}

// closeStream ends a request that openStream counted.
func (a *Agent) closeStream(tc *trackedConn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tc.streams--
	if tc.streams == 0 {
		a.markIdleLocked(tc)
	}
}

// negotiated records the protocol tc's TLS handshake chose.
func (a *Agent) negotiated(tc *trackedConn, proto string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tc.h2 = proto == protoH2
}
