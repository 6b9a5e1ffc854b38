package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// sizeFlag defines a flag holding a number of bytes written as Redis writes
// them in its configuration: 1k is 1000 bytes, 1kb 1024, and so on for m,
// mb, g and gb; a bare number is bytes.
func sizeFlag(fs *flag.FlagSet, name string, value int64, usage string) *int64 {
	v := size(value)
	fs.Var(&v, name, usage)
	return (*int64)(&v)
}

type size int64

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"gb", 1 << 30}, {"mb", 1 << 20}, {"kb", 1 << 10},
	{"g", 1e9}, {"m", 1e6}, {"k", 1e3}, {"b", 1},
}

func (s *size) Set(text string) error {
	t := strings.ToLower(strings.TrimSpace(text))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > (1<<63-1)/mult {
		return fmt.Errorf("%q is not a size such as 256mb, 1gb or a number of bytes", text)
	}
	*s = size(n * mult)
	return nil
}

func (s *size) String() string {
	n := int64(*s)
	for _, u := range sizeUnits[:3] {
		if n >= u.mult && n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}
