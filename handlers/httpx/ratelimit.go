package httpx

import (
	"math"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

// RateLimiter allows each key (a client IP) a number of events per period,
// as a token bucket: a full bucket holds that many, and it refills evenly
// over the period, so a client may burst up to the limit and then goes at
// the average rate. It lives in the process; with several instances each
// enforces its own limit. A nil *RateLimiter allows everything.
type RateLimiter struct {
	burst  float64
	perSec float64
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweptAt time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewRateLimiter allows n events per period per key; n = 0 turns the limit
// off (returns nil).
func NewRateLimiter(n int, period time.Duration) *RateLimiter {
	if n <= 0 {
		return nil
	}
	return &RateLimiter{burst: float64(n), perSec: float64(n) / period.Seconds(), now: time.Now,
		buckets: map[string]*bucket{}}
}

// Allow takes one event for key. When the key is over its limit it
// returns false and how long until the next event is allowed.
func (l *RateLimiter) Allow(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.perSec)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.perSec * float64(time.Second))
	return false, wait
}

// sweep forgets full buckets (keys idle long enough to have refilled)
// once per refill time, so the map stays as small as the set of recent
// clients. The caller holds l.mu.
func (l *RateLimiter) sweep(now time.Time) {
	refill := time.Duration(l.burst / l.perSec * float64(time.Second))
	if now.Sub(l.sweptAt) < refill {
		return
	}
	l.sweptAt = now
	for k, b := range l.buckets {
		if now.Sub(b.at) >= refill {
			delete(l.buckets, k)
		}
	}
}

// RateLimit answers 429 rate_limited, with Retry-After in whole seconds,
// to a client IP over the limiter's limit.
func (s *Server) RateLimit(l *RateLimiter) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if ok, wait := l.Allow(s.ClientIP(c)); !ok {
			return &models.Error{Code: models.ErrRateLimited, Detail: "signup rate",
				RetryAfter: max(1, int(math.Ceil(wait.Seconds())))}
		}
		return c.Next()
	}
}
