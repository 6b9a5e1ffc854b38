package dist

import "hash/fnv"

// Derive returns the seed of the random stream named label within a run
// seeded with seed. Every random quantity of a run (arrivals, server times,
// init times, jitter, keys) draws from a stream of its own: were two of them
// seeded alike, their draws would march in step, and a long gap between
// arrivals would always bring a long server time. The streams depend on the
// seed and the label only, not on which other streams exist or in what order
// they are made.
func Derive(seed uint64, label string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(label))
	return splitmix(seed ^ splitmix(h.Sum64()))
}

// splitmix is SplitMix64's finalizer: a bijection that scatters nearby
// inputs (seeds 1, 2, 3) across the whole range.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
