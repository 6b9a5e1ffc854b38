package netem

import (
	"encoding/binary"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// On Linux the scheduler sleeps in ppoll rather than on a Go timer: Go's
// timers overshoot short sleeps by hundreds of microseconds on a loaded box,
// while ppoll uses the kernel's high-resolution timer, with the thread's
// timer slack lowered, and an eventfd wakes it early when an earlier
// deadline is scheduled.
//
// The goroutine is not locked to its thread. Measured here, locking made
// things worse: every wake-up from a blocking syscall then waits for a
// hand-off to that one thread, and the readers its callbacks wake queue on
// its P behind it. Instead it lowers the slack of whichever thread it is on
// before each sleep.
const (
	// pollMargin: closer than this to a deadline the scheduler spins rather
	// than sleep. Measured here with the slack lowered, ppoll returns 30-55
	// us late at the median and 70-160 us late at the 99th percentile, the
	// longer sleeps the later: a 60 us margin was overrun by about half of
	// the 5 ms sleeps.
	pollMargin = 150 * time.Microsecond
	// pollMax bounds one ppoll: the kernel adds slack of 0.1% of the
	// timeout, which must stay well under pollMargin.
	pollMax = 10 * time.Millisecond
)

func platformWaiter() waiter { return newPollWaiter() }

// pollWaiter sleeps in ppoll on an eventfd that wake makes readable.
type pollWaiter struct {
	efd int
	fds []unix.PollFd
}

func newPollWaiter() *pollWaiter {
	efd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		// Without an eventfd nothing could wake the scheduler; eventfd
		// exists on every Linux this runs on.
		panic(fmt.Sprintf("netem: eventfd: %v", err))
	}
	return &pollWaiter{efd: efd, fds: []unix.PollFd{{Fd: int32(efd), Events: unix.POLLIN}}}
}

func (w *pollWaiter) wait(d time.Duration) {
	if d < 0 {
		_, _ = unix.Ppoll(w.fds, nil, nil)
		return
	}
	ts := unix.NsecToTimespec(int64(min(d, pollMax)))
	// Best effort: the default slack of 50 us would eat the spin margin.
	_ = unix.Prctl(unix.PR_SET_TIMERSLACK, 1, 0, 0, 0)
	_, _ = unix.Ppoll(w.fds, &ts, nil)
}

func (w *pollWaiter) wake() {
	var one [8]byte
	binary.NativeEndian.PutUint64(one[:], 1)
	_, _ = unix.Write(w.efd, one[:])
}

func (w *pollWaiter) clear() {
	var buf [8]byte
	_, _ = unix.Read(w.efd, buf[:])
}

func (w *pollWaiter) margin() time.Duration { return pollMargin }

func (w *pollWaiter) close() { _ = unix.Close(w.efd) }
