package netem

import "time"

// timerMargin: closer than this to a deadline the timer waiter spins. Go's
// timers can wake up to a millisecond late (on Linux the runtime's poller
// sleeps in whole milliseconds): measured here with a 500 us margin, 1 ms and
// 5 ms waits ran 110 and 280 us late at the median; with 1 ms, 2 us. The
// cost is a spin, yielding its P, through the last millisecond of each
// deadline.
const timerMargin = time.Millisecond

// timerWaiter sleeps on a Go timer and a channel that wake fills. It serves
// every platform without ppoll and eventfd.
type timerWaiter struct {
	timer *time.Timer
	woken chan struct{}
}

func newTimerWaiter() *timerWaiter {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &timerWaiter{timer: t, woken: make(chan struct{}, 1)}
}

func (w *timerWaiter) wait(d time.Duration) {
	if d < 0 {
		<-w.woken
		return
	}
	w.timer.Reset(d)
	select {
	case <-w.woken:
		w.timer.Stop()
	case <-w.timer.C:
	}
}

func (w *timerWaiter) wake() {
	select {
	case w.woken <- struct{}{}:
	default:
	}
}

func (w *timerWaiter) clear() {
	select {
	case <-w.woken:
	default:
	}
}

func (w *timerWaiter) margin() time.Duration { return timerMargin }

func (w *timerWaiter) close() { w.timer.Stop() }
