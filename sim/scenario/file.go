package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// SetSeed replaces the file's seed, as a command-line flag would: every
// scenario without a seed of its own takes it.
func (f *File) SetSeed(seed uint64) {
	f.Seed = seed
	f.each(func(s *Scenario) {
		if !s.ownSeed {
			s.Seed = seed
		}
	})
}

// each calls fn on every scenario of the file and of its sweep's points.
func (f *File) each(fn func(*Scenario)) {
	for i := range f.Scenarios {
		fn(&f.Scenarios[i])
	}
	for _, p := range f.Points {
		for i := range p.Scenarios {
			fn(&p.Scenarios[i])
		}
	}
}

// SetTimeDilation replaces the file's time dilation, as a command-line flag
// would. k must be at least 1, and stretch no scenario's duration past the
// longest a time.Duration holds.
func (f *File) SetTimeDilation(k float64) error {
	if !(k >= 1) || math.IsInf(k, 0) {
		return &Error{File: f.Path, Msg: fmt.Sprintf("time dilation %v: want a finite factor of 1 (real time) or more", k)}
	}
	var err error
	f.each(func(s *Scenario) {
		if err == nil {
			err = s.stretches(k)
		}
	})
	if err != nil {
		return &Error{File: f.Path, Msg: fmt.Sprintf("time dilation %v %v", k, err), Err: err}
	}
	f.TimeDilation = k
	f.each(func(s *Scenario) { s.TimeDilation = k })
	return nil
}

// Select keeps the named scenarios, in file order. A name the file does not
// hold is an error matching ErrInvalid.
func (f *File) Select(names ...string) error {
	var missing []string
	for _, n := range names {
		if !slices.ContainsFunc(f.Scenarios, func(s Scenario) bool { return s.Name == n }) {
			missing = append(missing, fmt.Sprintf("%q", n))
		}
	}
	if len(missing) > 0 {
		known := make([]string, len(f.Scenarios))
		for i, s := range f.Scenarios {
			known[i] = s.Name
		}
		return &Error{File: f.Path, Msg: fmt.Sprintf("no scenario named %s (the file has %s)",
			strings.Join(missing, ", "), strings.Join(known, ", "))}
	}
	drop := func(s Scenario) bool { return !slices.Contains(names, s.Name) }
	f.Scenarios = slices.DeleteFunc(f.Scenarios, drop)
	for i := range f.Points {
		f.Points[i].Scenarios = slices.DeleteFunc(f.Points[i].Scenarios, drop)
	}
	return nil
}
