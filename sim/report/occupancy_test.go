package report

import (
	"math"
	"testing"
	"time"
)

// TestOccupancy plays two containers' lives, their transitions reported
// out of order as concurrent goroutines may, and checks the sums against
// the lives drawn by hand:
//
//	container 1: init 0-1 s, invocation 1-2 s, idle 2-5 s, reclaimed at 5 s
//	container 2: init 3-4 s, invocation 4-6 s, idle 6-8 s, still alive at 8 s
func TestOccupancy(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	o := NewOccupancy(t0)
	o.Started(at(3))
	o.Started(at(0))
	o.Idle(at(2)) // container 1's cold invocation ends: init and invocation are one busy stretch
	o.Stopped(at(5), false)
	o.Idle(at(6))
	got := o.End(at(8))
	o.Started(at(9)) // after the end: ignored
	want := Occupied{Window: 8, LiveSeconds: 5 + 5, BusySeconds: 2 + 3, Peak: 2}
	if math.Abs(got.LiveSeconds-want.LiveSeconds) > 1e-9 || math.Abs(got.BusySeconds-want.BusySeconds) > 1e-9 ||
		got.Window != want.Window || got.Peak != want.Peak {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if s := got.Scaled(0.5); s.Window != 4 || s.LiveSeconds != 5 || s.Peak != 2 {
		t.Errorf("scaled by 1/2: %+v, want window 4, live 5, peak 2", s)
	}
}

// TestOccupancyFailedInit checks that a container whose init fails was
// busy, not idle, for its short life.
func TestOccupancyFailedInit(t *testing.T) {
	t0 := time.Now()
	o := NewOccupancy(t0)
	o.Started(t0)
	o.Stopped(t0.Add(time.Second), true)
	got := o.End(t0.Add(2 * time.Second))
	if got.LiveSeconds != 1 || got.BusySeconds != 1 {
		t.Errorf("got %+v, want 1 s alive, all of it busy", got)
	}
}

func TestNewPlatform(t *testing.T) {
	o := Occupied{Window: 10, LiveSeconds: 15, BusySeconds: 5, Peak: 3}
	p := NewPlatform(o, 200, 50, 512, &Price{PerGBSecond: 0.0000166667, PerMillionRequests: 0.20})
	if p.ColdStartProbability != 0.25 || p.MeanLiveContainers != 1.5 || p.PeakLiveContainers != 3 {
		t.Errorf("cold %v, mean %v, peak %v; want 0.25, 1.5, 3", p.ColdStartProbability, p.MeanLiveContainers, p.PeakLiveContainers)
	}
	if p.IdleContainerSeconds != 10 || p.IdleGBSeconds != 5 || p.BusyGBSeconds != 2.5 {
		t.Errorf("idle %v s, %v GB-s, busy %v GB-s; want 10, 5 and 2.5 at half a GB", p.IdleContainerSeconds, p.IdleGBSeconds, p.BusyGBSeconds)
	}
	if want := 2.5*0.0000166667 + 200/1e6*0.20; p.Cost == nil || math.Abs(*p.Cost-want) > 1e-15 {
		t.Errorf("cost %v, want %v", p.Cost, want)
	}
	if NewPlatform(o, 200, 50, 512, nil).Cost != nil {
		t.Error("an unpriced run has a cost")
	}
}
