package registration

import (
	"sync"
	"time"
)

// seqClock hands out signup order numbers: nanoseconds of the wall clock,
// but strictly increasing within the process even if the clock steps back,
// so that two decisions made one after the other under an activity lock
// are always ordered as they were made.
type seqClock struct {
	mu   sync.Mutex
	last int64
}

func (c *seqClock) next(now time.Time) int64 {
	n := now.UnixNano()
	c.mu.Lock()
	defer c.mu.Unlock()
	if n <= c.last {
		n = c.last + 1
	}
	c.last = n
	return n
}
