package registration

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/sqlite/sqlitetest"
)

// testClock is a clock the test moves.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// loggedInAdmin returns a Service on a fresh store and a clock the test
// moves, with a first admin logged in at the clock's start, and the
// session's token.
func loggedInAdmin(t *testing.T) (*Service, *testClock, string) {
	t.Helper()
	ctx := context.Background()
	clock := &testClock{now: time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)}
	s := New(Options{Store: sqlitetest.New(t), Now: clock.Now, LoginRatePerMinute: 3})
	if _, err := s.EnsureFirstAdmin(ctx, "admin@example.org", "long password"); err != nil {
		t.Fatal(err)
	}
	res, err := s.Login(ctx, "admin@example.org", "long password", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return s, clock, res.Token
}

func TestSessionExpires(t *testing.T) {
	ctx := context.Background()
	t.Run("OKBeforeExpiry", func(t *testing.T) {
		s, clock, token := loggedInAdmin(t)
		clock.Add(SessionTTL - time.Minute)
		if _, err := s.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrAfterExpiry", func(t *testing.T) {
		s, clock, token := loggedInAdmin(t)
		clock.Add(SessionTTL)
		if _, err := s.Authenticate(ctx, token); !models.IsCode(err, models.ErrUnauthorized) {
			t.Fatalf("expired token: %v", err)
		}
	})
	t.Run("OnlyHashStored", func(t *testing.T) {
		s, _, token := loggedInAdmin(t)
		if _, err := s.store.SessionByHash(ctx, token); !models.IsCode(err, models.ErrNotFound) {
			t.Fatal("the raw token must not be a key of the store")
		}
		if _, err := s.store.SessionByHash(ctx, hashToken(token)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("RateLimitWindowPasses", func(t *testing.T) {
		s, clock, _ := loggedInAdmin(t)
		for range 3 {
			if _, err := s.Login(ctx, "admin@example.org", "wrong", "192.0.2.2"); !models.IsCode(err, models.ErrUnauthorized) {
				t.Fatal(err)
			}
		}
		_, err := s.Login(ctx, "admin@example.org", "long password", "192.0.2.3")
		if !models.IsCode(err, models.ErrRateLimited) {
			t.Fatalf("want rate_limited, got %v", err)
		}
		if e := err.(*models.Error); e.RetryAfter != 60 {
			t.Fatalf("Retry-After %d, want 60", e.RetryAfter)
		}
		clock.Add(61 * time.Second)
		if _, err := s.Login(ctx, "admin@example.org", "long password", "192.0.2.3"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
