package lifecycle

import (
	"encoding/json"
	"errors"

	"github.com/coldwire/coldwire/sim/agent"
)

// callsKey is the header in which the bootstrap posts, beside a result or
// an error, what the handler's HTTP requests cost; the body stays the
// handler's own, so the Runtime API keeps Lambda's shape.
const callsKey = "Coldwire-Calls"

// maxNodeCalls is the bootstrap's bound on the records of one invocation,
// which keeps the header and the invocation's record small.
const maxNodeCalls = 64

var errBadCalls = errors.New("more than 64 calls, or a negative count")

// nodeCalls is what the bootstrap's diagnostics_channel subscribers saw of
// one invocation (node/calls.mjs).
type nodeCalls struct {
	// Calls are the HTTP requests the invocation started, at most maxNodeCalls.
	Calls []nodeCall `json:"calls"`
	// More counts the requests beyond them.
	More int `json:"more"`
	// ClosesSeen counts the kept-alive sockets the process saw closed by
	// their peer while free in a pool, since the previous invocation.
	ClosesSeen int `json:"closes_seen"`
}

// nodeCall is one request as agent.Record's JSON has it, with Node's
// error code, which the platform classifies as it does the handler's.
type nodeCall struct {
	agent.Record
	Code string
}

func (c *nodeCall) UnmarshalJSON(b []byte) error {
	if err := c.Record.UnmarshalJSON(b); err != nil {
		return err
	}
	var code struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(b, &code); err != nil {
		return err
	}
	c.Code = code.Code
	return nil
}

// parseNodeCalls reads the header's value; an absent header, from a
// runtime that does not trace, is no calls.
func parseNodeCalls(v string) (*nodeCalls, error) {
	if v == "" {
		return nil, nil
	}
	var nc nodeCalls
	if err := json.Unmarshal([]byte(v), &nc); err != nil {
		return nil, err
	}
	if len(nc.Calls) > maxNodeCalls || nc.More < 0 || nc.ClosesSeen < 0 {
		return nil, errBadCalls
	}
	return &nc, nil
}

// fold adds the calls to inv as the in-process runtime adds its agent's
// records: the same phases, reuse, handshakes, attempts and stale reuses.
func (nc *nodeCalls) fold(inv *Invocation) {
	if nc == nil {
		return
	}
	recs := make([]agent.Record, len(nc.Calls))
	for i, c := range nc.Calls {
		r := c.Record
		if r.Err != "" {
			r.Kind = nodeErrorKind(c.Code)
			r.Stale = r.StaleReuse()
		}
		recs[i] = r
	}
	inv.addCalls(recs)
	inv.Attempts += nc.More
	inv.ClosesSeen += nc.ClosesSeen
}
