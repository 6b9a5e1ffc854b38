package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress draws one status line on a terminal: scenario, done/total, rate
// and time left. It draws nothing when off, so piped output stays clean.
type progress struct {
	w  io.Writer
	on bool

	mu    sync.Mutex
	name  string
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, on bool) *progress { return &progress{w: w, on: on} }

// scenario starts a scenario's line and returns the callback the load
// reports to.
func (p *progress) scenario(name string) func(done, total int) {
	p.mu.Lock()
	p.name, p.start, p.last = name, time.Now(), time.Time{}
	p.mu.Unlock()
	return p.update
}

// redraw caps how often the line is drawn: a fast run reports thousands of
// invocations a second.
const redraw = 100 * time.Millisecond

func (p *progress) update(done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	// The last invocation of a planned total is always drawn; a run bounded
	// by time alone (total 0) has no last one to wait for.
	if (done < total || total == 0) && now.Sub(p.last) < redraw {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "\r\033[K%s", statusLine(p.name, done, total, now.Sub(p.start)))
}

// done ends the current scenario's line.
func (p *progress) done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}

const etaAfter = 10

func statusLine(name string, done, total int, elapsed time.Duration) string {
	line := fmt.Sprintf("%s  %d/%d", name, done, total)
	if total == 0 {
		line = fmt.Sprintf("%s  %d", name, done)
	}
	if done == 0 || elapsed <= 0 {
		return line
	}
	rate := float64(done) / elapsed.Seconds()
	line += fmt.Sprintf("  %.0f/s", rate)
	// The first invocations carry the cold start: an ETA from them alone
	// would promise minutes for a run of seconds.
	if left := total - done; left > 0 && done >= etaAfter {
		eta := time.Duration(float64(left) / rate * float64(time.Second))
		line += fmt.Sprintf("  ETA %v", eta.Round(time.Second))
	}
	return line
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
