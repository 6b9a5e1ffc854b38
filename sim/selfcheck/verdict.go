package selfcheck

import (
	"fmt"
	"time"
)

// A run tolerates lateness up to a tenth of the one-way delay, and never
// less than minLimit of modelled time: below that the scheduler's own
// wake-up jitter, tens of microseconds on a quiet box, would fail links with
// tiny delays. Under a time dilation k the figures a run reports are the
// host's divided by k, so the floor is k times minLimit of host time: a link
// with no delay at all, which no machine delivers on time, is judged by the
// error it leaves in the modelled figures, and dilation can bring that
// within the floor.
const (
	limitFraction = 10
	minLimit      = 50 * time.Microsecond
)

// Verdict says whether a run measured the modelled system or the limits of
// the machine it ran on.
type Verdict struct {
	// OverLimits is set when the link's deliveries ran later than Limit at
	// the 99th percentile: the latencies measured then include the
	// machine's delays, not only the modelled ones.
	OverLimits bool
	// Limit is the largest lateness p99 the run tolerates.
	Limit time.Duration
	// Message says what happened, in a sentence for the run's output.
	Message string
}

// Limit returns the largest lateness p99 a link with that one-way delay
// tolerates, both in host time, in a run dilated by k (1 for none): a tenth
// of the delay, and at least k times 50 us.
func Limit(oneWay time.Duration, k float64) time.Duration {
	return max(oneWay/limitFraction, time.Duration(float64(minLimit)*max(k, 1)))
}

// Judge decides from a link's one-way delay and the 99th percentile of its
// lateness, both in host time, whether a run dilated by k (1 for none)
// stayed within the machine's limits.
func Judge(oneWay, latenessP99 time.Duration, k float64) (Verdict, error) {
	if oneWay < 0 {
		return Verdict{}, fmt.Errorf("selfcheck: one-way delay %v is negative", oneWay)
	}
	if latenessP99 < 0 {
		return Verdict{}, fmt.Errorf("selfcheck: lateness %v is negative", latenessP99)
	}
	limit := Limit(oneWay, k)
	v := Verdict{Limit: limit, OverLimits: latenessP99 > limit}
	if v.OverLimits {
		v.Message = fmt.Sprintf("link deliveries ran %s late at p99 against a %s one-way delay (limit %s): "+
			"these latencies measure this machine's limits, not the modelled system; "+
			"lower the concurrency, or dilate time (time_dilation in the scenario file, --time-dilation on the command line)",
			format(latenessP99), format(oneWay), format(v.Limit))
	} else {
		v.Message = fmt.Sprintf("link deliveries ran %s late at p99, within the %s limit for a %s one-way delay",
			format(latenessP99), format(v.Limit), format(oneWay))
	}
	return v, nil
}

// format writes d in the unit a reader compares with one-way delays.
func format(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%d µs", d.Round(time.Microsecond)/time.Microsecond)
	case d < 10*time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}
