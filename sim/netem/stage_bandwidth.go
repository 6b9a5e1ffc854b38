package netem

import "time"

// bandwidthStage serialises chunks onto a line of fixed capacity: a chunk
// starts when the line is free and takes len/bandwidth to go through.
type bandwidthStage struct {
	bytesPerSecond int64
	free           time.Time
}

func (s *bandwidthStage) apply(c *chunk) verdict {
	start := c.at
	if start.Before(s.free) {
		start = s.free
	}
	tx := time.Duration(int64(len(c.data)) * int64(time.Second) / s.bytesPerSecond)
	c.at = start.Add(tx)
	s.free = c.at
	return deliver
}
