package registration

import (
	"sync"
	"time"
)

// failureLimiter counts login attempts per key (a client IP, an email) in
// a sliding window and says when a key has had too many. An attempt is
// counted when it starts, before its password is checked, and taken back
// when it succeeds: concurrent attempts cannot all pass a check made
// before any of them is counted, so at most limit passwords per window
// are ever checked for one key. It lives in the process: with several
// instances each enforces its own limit, which still bounds password
// guessing to a small multiple of the setting.
type failureLimiter struct {
	limit  int // attempts allowed per window; 0 = no limit
	window time.Duration

	mu       sync.Mutex
	attempts map[string][]time.Time
	sweptAt  time.Time
}

func newFailureLimiter(limit int, window time.Duration) *failureLimiter {
	return &failureLimiter{limit: limit, window: window, attempts: map[string][]time.Time{}}
}

// reserve counts an attempt at now for every key, unless one of them has
// reached the limit: then it counts nothing and returns how long to wait
// before trying again. Checking and counting all keys happen under one
// lock.
func (l *failureLimiter) reserve(now time.Time, keys ...string) (wait time.Duration) {
	if l.limit <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		recent := l.prune(k, now)
		if len(recent) >= l.limit {
			wait = max(wait, recent[len(recent)-l.limit].Add(l.window).Sub(now))
		}
	}
	if wait > 0 {
		return wait
	}
	for _, k := range keys {
		l.attempts[k] = append(l.attempts[k], now)
	}
	l.sweep(now)
	return 0
}

// release takes back an attempt reserve counted at `at` for every key: a
// login that succeeded, or that never checked a password.
func (l *failureLimiter) release(at time.Time, keys ...string) {
	if l.limit <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		times := l.attempts[k]
		for i := len(times) - 1; i >= 0; i-- {
			if times[i].Equal(at) {
				times = append(times[:i], times[i+1:]...)
				break
			}
		}
		if len(times) == 0 {
			delete(l.attempts, k)
		} else {
			l.attempts[k] = times
		}
	}
}

// reset forgets every attempt of key (after a successful login).
func (l *failureLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.attempts, key)
}

// prune drops key's attempts older than the window and returns the rest.
func (l *failureLimiter) prune(key string, now time.Time) []time.Time {
	times := l.attempts[key]
	cut := 0
	for cut < len(times) && !times[cut].After(now.Add(-l.window)) {
		cut++
	}
	times = times[cut:]
	if len(times) == 0 {
		delete(l.attempts, key)
		return nil
	}
	l.attempts[key] = times
	return times
}

// sweep drops stale keys once per window so the map cannot grow without
// bound under an attack with many IPs or emails.
func (l *failureLimiter) sweep(now time.Time) {
	if now.Sub(l.sweptAt) < l.window {
		return
	}
	l.sweptAt = now
	for k := range l.attempts {
		l.prune(k, now)
	}
}
