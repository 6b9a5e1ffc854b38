package netem_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/netem"
)

const (
	benchLinks   = 100
	benchFlights = 2000 // in all, spread over the links
)

// oneWayLink is what the benchmark needs of a link: a writer end and a reader
// end of one direction.
type oneWayLink struct {
	w io.Writer
	r io.Reader
}

// BenchmarkDelayError measures, at the reader, how far each flight's delay
// strays from the configured one-way delay (read time - write time -
// one-way), with benchLinks links busy at once, for the link and for a naive
// link that sleeps with time.Sleep.
func BenchmarkDelayError(b *testing.B) {
	for _, oneWay := range []time.Duration{100 * time.Microsecond, time.Millisecond, 10 * time.Millisecond} {
		for _, impl := range []struct {
			name string
			open func(testing.TB, time.Duration) ([]oneWayLink, func())
		}{
			{"netem", openNetem},
			{"sleep", openSleepLinks},
		} {
			b.Run(fmt.Sprintf("oneway=%v/%s", oneWay, impl.name), func(b *testing.B) {
				var errs []time.Duration
				for range b.N {
					links, done := impl.open(b, oneWay)
					errs = append(errs, measure(links, oneWay)...)
					done()
				}
				slices.Sort(errs)
				pct := func(p float64) float64 {
					return float64(errs[int(p*float64(len(errs)-1))]) / float64(time.Microsecond)
				}
				b.ReportMetric(pct(0.5), "p50-err-us")
				b.ReportMetric(pct(0.99), "p99-err-us")
				b.ReportMetric(pct(1), "max-err-us")
			})
		}
	}
}

// measure sends benchFlights 4-byte flights over the links at once and
// returns each flight's delay error. Each link waits a random gap of up to
// max(2 ms, 2 one-way) between flights: links stay busy with flights in the
// air, at a total rate (about 100 flights per ms at most) that two cores can
// carry, so the figures measure the link rather than a saturated CPU.
func measure(links []oneWayLink, oneWay time.Duration) []time.Duration {
	per := benchFlights / len(links)
	maxGap := max(2*time.Millisecond, 2*oneWay)
	errs := make([][]time.Duration, len(links))
	var wg sync.WaitGroup
	for i, l := range links {
		sent := make([]time.Time, per)
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		wg.Go(func() {
			var rec [4]byte
			for n := range per {
				time.Sleep(time.Duration(rng.Int64N(int64(maxGap))))
				binary.BigEndian.PutUint32(rec[:], uint32(n))
				sent[n] = time.Now()
				l.w.Write(rec[:])
			}
		})
		wg.Go(func() {
			buf := make([]byte, 4*per)
			got := 0
			for got < per {
				n, err := io.ReadAtLeast(l.r, buf, 4)
				if err != nil {
					return
				}
				now := time.Now()
				for off := 0; off+4 <= n; off += 4 {
					seq := binary.BigEndian.Uint32(buf[off:])
					errs[i] = append(errs[i], now.Sub(sent[seq])-oneWay)
					got++
				}
			}
		})
	}
	wg.Wait()
	return slices.Concat(errs...)
}

// openNetem dials benchLinks links that share one scheduler.
func openNetem(tb testing.TB, oneWay time.Duration) ([]oneWayLink, func()) {
	sched := netem.NewScheduler()
	links := make([]oneWayLink, benchLinks)
	nets := make([]*netem.Link, benchLinks)
	var wg sync.WaitGroup
	for i := range benchLinks {
		link, err := netem.NewLink(netem.Config{RTT: 2 * oneWay}, netem.WithScheduler(sched))
		if err != nil {
			tb.Fatal(err)
		}
		nets[i] = link
		ln, err := link.Listen("", "")
		if err != nil {
			tb.Fatal(err)
		}
		wg.Go(func() {
			c, err := link.Dialer(nil).DialContext(context.Background(), "tcp", ln.Addr().String())
			if err != nil {
				tb.Error(err)
				return
			}
			s, err := ln.Accept()
			if err != nil {
				tb.Error(err)
				return
			}
			links[i] = oneWayLink{w: c, r: s}
		})
	}
	wg.Wait()
	return links, func() {
		for _, l := range nets {
			l.Close()
		}
		sched.Close()
	}
}

// sleepLink is the naive link: a goroutine per direction that sleeps until
// each chunk is due with time.Sleep.
type sleepLink struct {
	in  chan sleepChunk
	out chan []byte
	buf []byte
}

type sleepChunk struct {
	due  time.Time
	data []byte
}

func (l *sleepLink) Write(b []byte) (int, error) {
	l.in <- sleepChunk{time.Now(), append([]byte(nil), b...)}
	return len(b), nil
}

func (l *sleepLink) Read(b []byte) (int, error) {
	if len(l.buf) == 0 {
		data, ok := <-l.out
		if !ok {
			return 0, io.EOF
		}
		l.buf = data
	}
	n := copy(b, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}

func openSleepLinks(_ testing.TB, oneWay time.Duration) ([]oneWayLink, func()) {
	var links []oneWayLink
	var wg sync.WaitGroup
	var ins []chan sleepChunk
	for range benchLinks {
		l := &sleepLink{in: make(chan sleepChunk, benchFlights), out: make(chan []byte, benchFlights)}
		wg.Go(func() {
			defer close(l.out)
			for c := range l.in {
				time.Sleep(time.Until(c.due.Add(oneWay)))
				l.out <- c.data
			}
		})
		ins = append(ins, l.in)
		links = append(links, oneWayLink{w: l, r: l})
	}
	return links, func() {
		for _, in := range ins {
			close(in)
		}
		wg.Wait()
	}
}
