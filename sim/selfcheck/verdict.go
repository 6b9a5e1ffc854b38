package selfcheck

import (
	"fmt"
	"time"
)

// A run tolerates lateness up to a tenth of the one-way delay, and never
// less than minLimit: below that the scheduler's own wake-up jitter, tens of
// microseconds on a quiet box, would fail links with tiny delays.
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
// tolerates: a tenth of the delay, and at least 50 us.
func Limit(oneWay time.Duration) time.Duration {
	return max(oneWay/limitFraction, minLimit)
}

// Judge decides from a link's one-way delay and the 99th percentile of its
// lateness whether a run stayed within the machine's limits.
func Judge(oneWay, latenessP99 time.Duration) (Verdict, error) {
	if oneWay < 0 {
		return Verdict{}, fmt.Errorf("selfcheck: one-way delay %v is negative", oneWay)
	}
	if latenessP99 < 0 {
		return Verdict{}, fmt.Errorf("selfcheck: lateness %v is negative", latenessP99)
	}
	v := Verdict{Limit: Limit(oneWay), OverLimits: latenessP99 > Limit(oneWay)}
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
