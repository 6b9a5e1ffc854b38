package report

import (
	"strconv"
	"strings"
)

// Platform is a scenario's platform figures, as SimFaaS (Mahmoudi and
// Khazaei, 2021) reports a serverless platform's: how often an invocation
// started cold, how many containers lived on average and at most, and how
// their time divides between work and waiting. The idle part is the
// "wasted memory time" of Shahrad et al. (ATC 2020): memory held warm for
// invocations that did not come, weighted by the container's memory.
type Platform struct {
	// ColdStartProbability is cold starts over invocations.
	ColdStartProbability float64 `json:"cold_start_probability"`
	// MeanLiveContainers is the containers alive, averaged over the load's
	// time; PeakLiveContainers the most alive at once.
	MeanLiveContainers float64 `json:"mean_live_containers"`
	PeakLiveContainers int     `json:"peak_live_containers"`
	// MeanInFlight is the invocations running at once in a busy container,
	// on average: their time in containers over the containers' busy time
	// outside init. Above 1 only with platform.concurrency.
	MeanInFlight float64 `json:"mean_in_flight"`
	// BusyContainerSeconds sums the containers' time in init or in an
	// invocation; IdleContainerSeconds their time alive and frozen.
	BusyContainerSeconds float64 `json:"busy_container_seconds"`
	IdleContainerSeconds float64 `json:"idle_container_seconds"`
	// MemoryMB weighs them into GB-seconds.
	MemoryMB      int     `json:"memory_mb"`
	BusyGBSeconds float64 `json:"busy_gb_seconds"`
	IdleGBSeconds float64 `json:"idle_gb_seconds"`
	// Cost is BusyGBSeconds and the invocations at the scenario's prices,
	// in their currency; absent when the scenario has none.
	Cost *float64 `json:"cost,omitempty"`
}

// Price is a platform's price list.
type Price struct {
	PerGBSecond        float64
	PerMillionRequests float64
}

// NewPlatform computes the figures of a run of invocations, cold of them
// cold, whose containers of memoryMB each occupied o. price may be nil:
// the run is then not priced.
func NewPlatform(o Occupied, invocations, cold, memoryMB int, price *Price) *Platform {
	gb := float64(memoryMB) / 1024
	p := &Platform{
		PeakLiveContainers:   o.Peak,
		BusyContainerSeconds: o.BusySeconds,
		IdleContainerSeconds: max(o.LiveSeconds-o.BusySeconds, 0),
		MemoryMB:             memoryMB,
	}
	if invocations > 0 {
		p.ColdStartProbability = float64(cold) / float64(invocations)
	}
	if o.Window > 0 {
		p.MeanLiveContainers = o.LiveSeconds / o.Window
	}
	p.BusyGBSeconds, p.IdleGBSeconds = p.BusyContainerSeconds*gb, p.IdleContainerSeconds*gb
	if price != nil {
		c := p.BusyGBSeconds*price.PerGBSecond + float64(invocations)/1e6*price.PerMillionRequests
		p.Cost = &c
	}
	return p
}

// writePlatformMarkdown writes the platform figures of the summaries that
// have them as a second table.
func writePlatformMarkdown(b *strings.Builder, summaries []Summary) {
	var rows [][]string
	priced := false
	for _, s := range summaries {
		if s.Platform != nil {
			priced = priced || s.Platform.Cost != nil
		}
	}
	for _, s := range summaries {
		p := s.Platform
		if p == nil {
			continue
		}
		row := []string{mdEscape(s.Name), fixed(p.ColdStartProbability, 3), fixed(p.MeanLiveContainers, 2), itoa(p.PeakLiveContainers),
			fixed(p.MeanInFlight, 2), fixed(p.BusyContainerSeconds, 2), fixed(p.IdleContainerSeconds, 2), itoa(p.MemoryMB), fixed(p.IdleGBSeconds, 2)}
		if priced {
			cost := "–"
			if p.Cost != nil {
				cost = strconv.FormatFloat(*p.Cost, 'g', 4, 64)
			}
			row = append(row, cost)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return
	}
	b.WriteString("\nPlatform: the probability an invocation started cold, containers alive (mean over the load's time, peak), " +
		"invocations running at once in a busy container (mean), " +
		"their time in init or invocations (busy) and alive but frozen (idle), and the idle time weighted by the memory.\n\n")
	head := []string{"scenario", "cold-start probability", "mean live", "peak live", "mean in flight", "busy container-s", "idle container-s", "memory (MB)", "idle GB-s"}
	if priced {
		head = append(head, "cost")
	}
	mdRow(b, head...)
	mdRule(b, 1, len(head)-1)
	for _, r := range rows {
		mdRow(b, r...)
	}
}

func fixed(v float64, decimals int) string { return strconv.FormatFloat(v, 'f', decimals, 64) }

// SetInFlight sets MeanInFlight from the seconds the invocations ran in
// their containers and the seconds the containers spent in init.
func (p *Platform) SetInFlight(handlerSeconds, initSeconds float64) {
	if running := p.BusyContainerSeconds - initSeconds; running > 0 {
		p.MeanInFlight = handlerSeconds / running
	}
}
