package experiment

import (
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

// dilation brings what the host measured under time dilation k back to the
// modelled system's time: durations are divided by k, and instants are
// moved towards origin, the start of the load, by the same factor.
type dilation struct {
	k      float64
	origin time.Time
}

func (d dilation) duration(v time.Duration) time.Duration {
	return time.Duration(float64(v) / d.k)
}

func (d dilation) at(t time.Time) time.Time {
	if t.IsZero() || d.k == 1 {
		return t
	}
	return d.origin.Add(d.duration(t.Sub(d.origin)))
}

func (d dilation) row(r report.Row) report.Row {
	if d.k == 1 {
		return r
	}
	r.Intended, r.Start = d.at(r.Intended), d.at(r.Start)
	for _, ms := range []*float64{&r.QueuedMs, &r.InitMs, &r.ClientInitMs, &r.SocketWaitMs, &r.DNSMs, &r.ConnectMs, &r.TLSMs, &r.TTFBMs, &r.RedisMs, &r.TotalMs} {
		*ms /= d.k
	}
	r.Result.Timestamp = d.at(r.Result.Timestamp)
	r.Result.Latency = d.duration(r.Result.Latency)
	return r
}

func (d dilation) spans(ss []report.Span) []report.Span {
	if d.k == 1 {
		return ss
	}
	for i := range ss {
		s := &ss[i]
		s.Start, s.End = d.at(s.Start), d.at(s.End)
		s.InFlight.Origin, s.InFlight.Bin = d.at(s.InFlight.Origin), d.duration(s.InFlight.Bin)
		for j := range s.ColdStarts {
			s.ColdStarts[j] = d.at(s.ColdStarts[j])
		}
	}
	return ss
}
