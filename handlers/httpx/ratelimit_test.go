package httpx

import (
	"testing"
	"time"
)

// testLimiter is a limiter of 3 events a minute on a clock the test moves
// by advancing *now.
func testLimiter() (*RateLimiter, *time.Time) {
	now := time.Unix(1_700_000_000, 0)
	l := NewRateLimiter(3, time.Minute)
	l.now = func() time.Time { return now }
	return l, &now
}

// spend uses up the burst of key.
func spend(t *testing.T, l *RateLimiter, key string) {
	t.Helper()
	for i := range 3 {
		if ok, _ := l.Allow(key); !ok {
			t.Fatalf("event %d refused", i+1)
		}
	}
}

func TestRateLimiter(t *testing.T) {
	t.Run("BurstThenErrLimited", func(t *testing.T) {
		l, _ := testLimiter()
		spend(t, l, "a")
		ok, wait := l.Allow("a")
		if ok || wait <= 0 || wait > 20*time.Second {
			t.Fatalf("4th event: ok %v, wait %v (want refused, about 20s)", ok, wait)
		}
	})
	t.Run("KeysAreSeparate", func(t *testing.T) {
		l, _ := testLimiter()
		spend(t, l, "a")
		if ok, _ := l.Allow("b"); !ok {
			t.Fatal("another key was refused")
		}
	})
	t.Run("RefillsOverThePeriod", func(t *testing.T) {
		l, now := testLimiter()
		spend(t, l, "a")
		*now = now.Add(20 * time.Second)
		if ok, _ := l.Allow("a"); !ok {
			t.Fatal("no event allowed after a third of the period")
		}
		if ok, _ := l.Allow("a"); ok {
			t.Fatal("two events allowed after a third of the period")
		}
	})
	t.Run("IdleKeysForgotten", func(t *testing.T) {
		l, now := testLimiter()
		spend(t, l, "a")
		l.Allow("b")
		*now = now.Add(2 * time.Minute)
		l.Allow("c")
		if len(l.buckets) != 1 {
			t.Fatalf("%d buckets kept, want 1", len(l.buckets))
		}
	})
	t.Run("Off", func(t *testing.T) {
		var off *RateLimiter = NewRateLimiter(0, time.Minute)
		for range 100 {
			if ok, _ := off.Allow("a"); !ok {
				t.Fatal("a limit of 0 refused an event")
			}
		}
	})
}
