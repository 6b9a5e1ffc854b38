package plots

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/coldwire/coldwire/sim/report"
)

func TestRedisSeries(t *testing.T) {
	rows := []report.Row{
		{Scenario: "b", Seq: 1, RedisMs: 3},
		{Scenario: "b", Seq: 0, RedisMs: 40},
		{Scenario: "b", Seq: 2, RedisMs: 9, Error: "reset"},
		{Scenario: "b", Seq: 3, RedisMs: 0},
		{Scenario: "b", Seq: 4, RedisMs: 2},
		{Scenario: "a", Seq: 0, Error: "refused"},
		{Scenario: "c", Seq: 0, RedisMs: 1},
	}
	got := redisSeries(rows, []string{"a", "b", "c"})
	want := []series{
		{name: "b", colour: 1, index: []float64{1, 2, 5}, redisMs: []float64{40, 3, 2}},
		{name: "c", colour: 2, index: []float64{1}, redisMs: []float64{1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("redisSeries = %+v, want %+v", got, want)
	}
}

func TestPhaseMeans(t *testing.T) {
	rows := []report.Row{
		{Scenario: "s", InitMs: 100, DNSMs: 2, ConnectMs: 4, TLSMs: 6, TTFBMs: 2},
		{Scenario: "s", Seq: 1, ConnectMs: 2, TLSMs: 4, TTFBMs: 4},
		{Scenario: "s", Seq: 2, InitMs: 999, Error: "timeout"},
		{Scenario: "dead", Error: "refused"},
	}
	names, means := phaseMeans(rows, []string{"dead", "s"})
	if !reflect.DeepEqual(names, []string{"s"}) {
		t.Fatalf("names = %v, want [s]", names)
	}
	if want := []float64{50, 1, 3, 5, 3}; !reflect.DeepEqual(means[0], want) {
		t.Errorf("means (init, dns, connect, tls, request) = %v, want %v", means[0], want)
	}
}

func TestLanes(t *testing.T) {
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	spans := []Span{
		{Scenario: "x", Container: 2, Start: at(5)},
		{Scenario: "y", Container: 1, Start: at(0)},
		{Scenario: "x", Container: 1, Start: at(1), End: at(2)},
		{Scenario: "x", Container: 1, Start: at(3), End: at(4)},
	}
	var got []string
	for _, l := range lanes(spans, []string{"y", "x"}) {
		got = append(got, fmt.Sprintf("%s#%d:%d", l.scenario, l.container, len(l.spans)))
	}
	if want := []string{"y#1:1", "x#1:2", "x#2:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("lanes = %v, want %v", got, want)
	}
}
