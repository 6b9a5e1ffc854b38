package upstream

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"testing"
)

// GEOHASH answers the standard 11-character geohash of each member (the
// examples of Redis' documentation), GEOADD takes ZADD's NX, XX and CH,
// and GEOSEARCHSTORE stores GEOSEARCH's matches by geohash or, with
// STOREDIST, by distance.
func TestGeo(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["GEOADD","Sicily",13.361389,38.115556,"Palermo",15.087269,37.502669,"Catania"]`, want: `2`},
		{cmd: `["GEOHASH","Sicily","Palermo","Catania","nope"]`, want: `["sqc8b49rny0","sqdtr74hyu0",null]`},
		{cmd: `["GEOHASH","none","Palermo"]`, want: `[null]`},

		{cmd: `["GEOADD","Sicily","NX",13.5,38.1,"Palermo",14,37,"Gela"]`, want: `1`},
		{cmd: `["GEOADD","Sicily","XX",13.5,38.1,"Palermo",14,37,"Agrigento"]`, want: `0`},
		{cmd: `["GEOADD","Sicily","XX","CH",13.6,38.1,"Palermo",14,37,"Agrigento"]`, want: `1`},
		{cmd: `["GEOADD","Sicily","CH",13.5,38.1,"Palermo",14.1,37,"Gela"]`, want: `2`},
		{cmd: `["ZCARD","Sicily"]`, want: `3`},

		{cmd: `["GEOSEARCHSTORE","near","Sicily","FROMLONLAT",15,37,"BYRADIUS",100,"km","ASC"]`, want: `2`},
		{cmd: `["ZRANGE","near",0,-1]`, want: `["Gela","Catania"]`},
		{cmd: `["GEOPOS","near","Catania"]`, want: `[["15.087267458438873","37.50266842333162"]]`},
		{cmd: `["GEOSEARCHSTORE","near","Sicily","FROMMEMBER","Catania","BYRADIUS",1,"km","STOREDIST"]`, want: `1`},
		{cmd: `["ZSCORE","near","Catania"]`, want: `"0"`},
		{cmd: `["GEOSEARCHSTORE","near","Sicily","FROMLONLAT",0,0,"BYRADIUS",1,"km"]`, want: `0`},
		{cmd: `["EXISTS","near"]`, want: `0`},
	})
	runExchanges(t, hs, []exchange{
		{"NX and XX", call{body: `["GEOADD","Sicily","NX","XX",13,38,"x"]`}, http.StatusBadRequest, `{"error":"ERR XX and NX options at the same time are not compatible"}`},
		{"off the map", call{body: `["GEOADD","Sicily","NX",13,89,"x"]`}, http.StatusBadRequest, `{"error":"ERR invalid longitude,latitude pair 13.000000,89.000000"}`},
		{"WITHDIST", call{body: `["GEOSEARCHSTORE","d","Sicily","FROMMEMBER","Catania","BYRADIUS",1,"km","WITHDIST"]`}, http.StatusBadRequest, `{"error":"ERR syntax error"}`},
	})
}

// GEOPOS answers the centre of the member's cell at full precision, as
// Redis does, within a metre of what was added; miniredis alone rounds to
// six decimals.
func TestGeoposPrecision(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["GEOADD","g",13.361389,38.115556,"Palermo"]`, want: `1`},
	})
	a := send(t, hs, call{body: `["GEOPOS","g","Palermo","nope"]`})
	var got struct{ Result [][]string }
	if err := json.Unmarshal([]byte(a.body), &got); err != nil || len(got.Result) != 2 || got.Result[1] != nil || len(got.Result[0]) != 2 {
		t.Fatalf("GEOPOS: %s", a.body)
	}
	for i, want := range []float64{13.361389, 38.115556} {
		s := got.Result[0][i]
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Abs(v-want) > 1e-5 || len(s) <= len("38.115556") {
			t.Errorf("GEOPOS coordinate %d = %q, want full precision near %v", i, s, want)
		}
	}
}

// The searches' WITHCOORD answers coordinates at full precision too, the
// rest of the reply as miniredis gives it. The coordinates are those
// Redis' documentation shows for Palermo and Catania.
func TestGeoSearchCoords(t *testing.T) {
	_, hs := newTestAPI(t, Config{})
	runSteps(t, hs, []step{
		{cmd: `["GEOADD","Sicily",13.361389,38.115556,"Palermo",15.087269,37.502669,"Catania"]`, want: `2`},
		{cmd: `["GEOSEARCH","Sicily","FROMLONLAT",15,37,"BYRADIUS",200,"km","ASC","WITHCOORD","WITHDIST"]`,
			want: `[["Catania","56.4413",["15.087267458438873","37.50266842333162"]],["Palermo","190.4424",["13.361389338970184","38.1155563954963"]]]`},
		{cmd: `["GEOSEARCH","Sicily","FROMMEMBER","Palermo","BYBOX",10,10,"km","WITHCOORD","WITHHASH"]`,
			want: `[["Palermo",3479099956230698,["13.361389338970184","38.1155563954963"]]]`},
		{cmd: `["GEORADIUS","Sicily",15,37,200,"km","WITHCOORD","ASC"]`,
			want: `[["Catania",["15.087267458438873","37.50266842333162"]],["Palermo",["13.361389338970184","38.1155563954963"]]]`},
		{cmd: `["GEORADIUSBYMEMBER_RO","Sicily","Catania",1,"km","WITHCOORD"]`, want: `[["Catania",["15.087267458438873","37.50266842333162"]]]`},
		{cmd: `["GEOSEARCH","Sicily","FROMLONLAT",15,37,"BYRADIUS",200,"km","ASC"]`, want: `["Catania","Palermo"]`},
		{cmd: `[["GEOSEARCH","Sicily","FROMLONLAT",15,37,"BYRADIUS",100,"km","WITHCOORD"]]`, path: "/multi-exec", want: `[[["Catania",["15.087267458438873","37.50266842333162"]]]]`},
	})
}
