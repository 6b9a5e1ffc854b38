package upstream

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/alicebob/miniredis/v2/geohash"
)

// GEO commands and forms miniredis lacks: GEOHASH, GEOSEARCHSTORE,
// GEOADD's NX, XX and CH, and coordinates at full precision from GEOPOS
// and the searches' WITHCOORD (miniredis rounds to six decimals). A member's score is its 52-bit geohash, as miniredis
// stores it.
var geoCommands = []extension{
	{name: "GEOHASH", readOnly: true, run: geohashCmd},
	{name: "GEOSEARCHSTORE", run: geosearchstore},
	{name: "GEOADD", when: geoaddOptions, run: geoadd},
	{name: "GEOPOS", readOnly: true, when: func([]string) bool { return true }, run: geopos},
	{name: "GEOSEARCH", readOnly: true, when: withCoord, run: preciseCoords("GEOSEARCH")},
	{name: "GEORADIUS", when: withCoord, run: preciseCoords("GEORADIUS")},
	{name: "GEORADIUS_RO", readOnly: true, when: withCoord, run: preciseCoords("GEORADIUS_RO")},
	{name: "GEORADIUSBYMEMBER", when: withCoord, run: preciseCoords("GEORADIUSBYMEMBER")},
	{name: "GEORADIUSBYMEMBER_RO", readOnly: true, when: withCoord, run: preciseCoords("GEORADIUSBYMEMBER_RO")},
}

func withCoord(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool { return strings.EqualFold(a, "WITHCOORD") })
}

// preciseCoords answers a search WITHCOORD as miniredis does, with each
// match's coordinates at full precision.
func preciseCoords(name string) func(*extCall, []string) Reply {
	return func(x *extCall, args []string) Reply {
		r := x.exec(append([]string{name}, args...)...)
		if r.Kind != '*' || len(args) == 0 {
			return r
		}
		for i, item := range r.Elems {
			last := len(item.Elems) - 1
			if last < 1 || item.Elems[last].Kind != '*' {
				continue
			}
			if pos := geopos(x, []string{args[0], item.Elems[0].Str}); len(pos.Elems) == 1 && !pos.Elems[0].Null {
				item.Elems[last] = pos.Elems[0]
			}
			r.Elems[i] = item
		}
		return rebuilt(r)
	}
}

const (
	geoBits   = 52
	geoLatMax = 85.05112878
)

// geoDecode is the centre of a score's cell, as Redis decodes it: 26 bits
// of longitude over [-180, 180] and 26 of latitude over ±geoLatMax,
// interleaved longitude first. (miniredis' own decoding takes the cells
// as 180° of latitude high, which moves their centres.)
func geoDecode(score uint64) (lon, lat float64) {
	var ilon, ilat uint64
	for i := range uint64(geoBits / 2) {
		ilon = ilon<<1 | (score>>(geoBits-1-2*i))&1
		ilat = ilat<<1 | (score>>(geoBits-2-2*i))&1
	}
	cells := float64(uint64(1) << (geoBits / 2))
	centre := func(i uint64, lo, hi float64) float64 {
		a := lo + float64(i)/cells*(hi-lo)
		b := lo + float64(i+1)/cells*(hi-lo)
		return min(max((a+b)/2, lo), hi)
	}
	return centre(ilon, -180, 180), centre(ilat, -geoLatMax, geoLatMax)
}

func geoaddOptions(args []string) bool {
	if len(args) < 2 {
		return false
	}
	switch strings.ToUpper(args[1]) {
	case "NX", "XX", "CH":
		return true
	}
	return false
}

// GEOADD key [NX|XX] [CH] longitude latitude member ...: NX only adds, XX
// only updates, CH counts updated members as well as added ones.
func geoadd(x *extCall, args []string) Reply {
	zadd := []string{"ZADD", args[0]}
	rest := args[1:]
	nx, xx := false, false
	for len(rest) > 0 {
		o := strings.ToUpper(rest[0])
		if o != "NX" && o != "XX" && o != "CH" {
			break
		}
		nx, xx = nx || o == "NX", xx || o == "XX"
		zadd, rest = append(zadd, o), rest[1:]
	}
	if nx && xx {
		return errReply("ERR XX and NX options at the same time are not compatible")
	}
	if len(rest) == 0 || len(rest)%3 != 0 {
		return arity("GEOADD")
	}
	for ; len(rest) > 0; rest = rest[3:] {
		lon, err1 := strconv.ParseFloat(rest[0], 64)
		lat, err2 := strconv.ParseFloat(rest[1], 64)
		if err1 != nil || err2 != nil {
			return errReply("ERR value is not a valid float")
		}
		if lat < -geoLatMax || lat > geoLatMax || lon < -180 || lon > 180 {
			return errReply(fmt.Sprintf("ERR invalid longitude,latitude pair %f,%f", lon, lat))
		}
		score := geohash.EncodeIntWithPrecision(lat, lon, geoBits)
		zadd = append(zadd, strconv.FormatUint(score, 10), rest[2])
	}
	return x.exec(zadd...)
}

// scores answers each member's score as its geohash, false for a missing
// member, or the error for a key that is not a sorted set.
func (x *extCall) scores(key string, members []string) ([]uint64, []bool, *Reply) {
	r := x.exec(append([]string{"ZMSCORE", key}, members...)...)
	if r.Kind == '-' {
		return nil, nil, &r
	}
	hashes, ok := make([]uint64, len(members)), make([]bool, len(members))
	for i, el := range r.Elems {
		if el.Null {
			continue
		}
		f, err := strconv.ParseFloat(el.Str, 64)
		hashes[i], ok[i] = uint64(f), err == nil
	}
	return hashes, ok, nil
}

// GEOPOS key member ...: each member's longitude and latitude, the centre
// of its geohash cell, at full precision; nil for a missing member.
func geopos(x *extCall, args []string) Reply {
	return perMember(x, args, "GEOPOS", nilArrayReply, func(lon, lat float64) Reply {
		return arrayReply([]Reply{
			bulkReply(strconv.FormatFloat(lon, 'f', -1, 64)),
			bulkReply(strconv.FormatFloat(lat, 'f', -1, 64)),
		})
	})
}

// perMember answers one reply per member of the sorted set at args[0]: each
// member's decoded position through found, missing() for a member (or a
// key) that is not there. GEOPOS and GEOHASH share it.
func perMember(x *extCall, args []string, name string, missing func() Reply, found func(lon, lat float64) Reply) Reply {
	if len(args) < 1 {
		return arity(name)
	}
	if x.exec("EXISTS", args[0]).Int == 0 {
		out := make([]Reply, len(args)-1)
		for i := range out {
			out[i] = missing()
		}
		return arrayReply(out)
	}
	hashes, ok, bad := x.scores(args[0], args[1:])
	if bad != nil {
		return *bad
	}
	out := make([]Reply, len(hashes))
	for i, h := range hashes {
		if !ok[i] {
			out[i] = missing()
			continue
		}
		out[i] = found(geoDecode(h))
	}
	return arrayReply(out)
}

const base32Geo = "0123456789bcdefghjkmnpqrstuvwxyz"

// GEOHASH key member ...: each member's standard 11-character geohash, nil
// for a missing one.
func geohashCmd(x *extCall, args []string) Reply {
	return perMember(x, args, "GEOHASH", nilReply, func(lon, lat float64) Reply {
		b := standardGeohash(lat, lon)
		return bulkReply(string(b[:]))
	})
}

// standardGeohash encodes a point as GEOHASH answers it: 52 bits over the
// whole globe, longitude first, in base32, the eleventh character 0.
func standardGeohash(lat, lon float64) [11]byte {
	lo, hi := [2]float64{-180, -90}, [2]float64{180, 90}
	v := [2]float64{lon, lat}
	var bits uint64
	for i := range geoBits {
		d := i % 2
		mid := (lo[d] + hi[d]) / 2
		bits <<= 1
		if v[d] >= mid {
			bits |= 1
			lo[d] = mid
		} else {
			hi[d] = mid
		}
	}
	var b [11]byte
	for j := range 10 {
		b[j] = base32Geo[(bits>>(geoBits-5*(j+1)))&0x1f]
	}
	b[10] = '0'
	return b
}

// GEOSEARCHSTORE destination source <GEOSEARCH's FROM, BY, order and
// COUNT> [STOREDIST]: stores the matches in destination, scored by
// geohash or, with STOREDIST, by distance; how many it stored.
func geosearchstore(x *extCall, args []string) Reply {
	if len(args) < 2 {
		return arity("GEOSEARCHSTORE")
	}
	search := []string{"GEOSEARCH", args[1]}
	with := "WITHHASH"
	for _, a := range args[2:] {
		switch strings.ToUpper(a) {
		case "STOREDIST":
			with = "WITHDIST"
		case "WITHDIST", "WITHHASH", "WITHCOORD":
			return errReply("ERR syntax error")
		default:
			search = append(search, a)
		}
	}
	found := x.exec(append(search, with)...)
	if found.Kind == '-' {
		return found
	}
	x.exec("DEL", args[0])
	if len(found.Elems) == 0 {
		return intReply(0)
	}
	zadd := []string{"ZADD", args[0]}
	for _, el := range found.Elems {
		if len(el.Elems) != 2 {
			continue
		}
		score := el.Elems[1].Str
		if el.Elems[1].Kind == ':' {
			score = strconv.FormatInt(el.Elems[1].Int, 10)
		}
		zadd = append(zadd, score, el.Elems[0].Str)
	}
	return x.exec(zadd...)
}
