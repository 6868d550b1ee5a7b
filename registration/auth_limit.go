package registration

import (
	"sync"
	"time"
)

// failureLimiter counts failures per key (a client IP, an email) in a
// sliding window and says when a key has had too many. It lives in the
// process: with several instances each enforces its own limit, which still
// bounds password guessing to a small multiple of the setting.
type failureLimiter struct {
	limit  int // failures allowed per window; 0 = no limit
	window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
	sweptAt  time.Time
}

func newFailureLimiter(limit int, window time.Duration) *failureLimiter {
	return &failureLimiter{limit: limit, window: window, failures: map[string][]time.Time{}}
}

// blocked returns how long key must wait before its next attempt, or 0
// when it may try now.
func (l *failureLimiter) blocked(key string, now time.Time) time.Duration {
	if l.limit <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key, now)
	if len(recent) < l.limit {
		return 0
	}
	return recent[len(recent)-l.limit].Add(l.window).Sub(now)
}

// fail records a failure of key at now.
func (l *failureLimiter) fail(key string, now time.Time) {
	if l.limit <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.prune(key, now), now)
	l.sweep(now)
}

// reset forgets the failures of key (after a successful login).
func (l *failureLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

// prune drops key's failures older than the window and returns the rest.
func (l *failureLimiter) prune(key string, now time.Time) []time.Time {
	times := l.failures[key]
	cut := 0
	for cut < len(times) && !times[cut].After(now.Add(-l.window)) {
		cut++
	}
	times = times[cut:]
	if len(times) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = times
	return times
}

// sweep drops stale keys once per window so the map cannot grow without
// bound under an attack with many IPs or emails.
func (l *failureLimiter) sweep(now time.Time) {
	if now.Sub(l.sweptAt) < l.window {
		return
	}
	l.sweptAt = now
	for k := range l.failures {
		l.prune(k, now)
	}
}
