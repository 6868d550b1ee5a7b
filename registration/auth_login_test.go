package registration

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/sqlite/sqlitetest"
)

// loginFixture is a Service with an admin (testPassword), a disabled
// account with the same password, and an invited one without a password.
func loginFixture(t *testing.T, o Options) *Service {
	t.Helper()
	ctx := context.Background()
	o.Store = sqlitetest.New(t)
	s := New(o)
	if _, err := s.EnsureFirstAdmin(ctx, "admin@example.org", testPassword); err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*models.User{
		{ID: models.NewID(), Email: "off@example.org", Name: "Off", Role: models.RoleAdmin, PasswordHash: hash,
			Disabled: true, CreatedAt: time.Now()},
		{ID: models.NewID(), Email: "invited@example.org", Name: "Invited", Role: models.RoleAdmin,
			CreatedAt: time.Now()},
		{ID: models.NewID(), Email: "mangled@example.org", Name: "Mangled", Role: models.RoleAdmin,
			PasswordHash: "$argon2id$v=19$m=4194304,t=2,p=1$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA",
			CreatedAt:    time.Now()},
	} {
		if err := o.Store.InsertUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

const testPassword = "long password"

// TestLoginOneCheckPerAttempt: every way a login can go wrong costs
// exactly one argon2 check, as a right password does, so that time tells
// nothing; none of them logs in.
func TestLoginOneCheckPerAttempt(t *testing.T) {
	ctx := context.Background()
	s := loginFixture(t, Options{})
	for _, tc := range []struct{ name, email, password string }{
		{"ErrWrongPassword", "admin@example.org", "wrong password"},
		{"ErrUnknownEmail", "ghost@example.org", testPassword},
		{"ErrDisabled", "off@example.org", testPassword},
		{"ErrInvitedWithoutPassword", "invited@example.org", ""},
		{"ErrInvitedWithoutPasswordAnyPassword", "invited@example.org", testPassword},
		{"ErrHashOutOfBounds", "mangled@example.org", testPassword},
		{"ErrEmailTooLong", "a@" + strings.Repeat("b", 300) + ".org", testPassword},
		{"ErrPasswordTooLong", "admin@example.org", testPassword + strings.Repeat(" ", maxLoginPasswordBytes)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.PasswordChecks()
			if _, err := s.Login(ctx, tc.email, tc.password, "192.0.2.1"); !models.IsCode(err, models.ErrUnauthorized) {
				t.Fatalf("want unauthorized, got %v", err)
			}
			if n := s.PasswordChecks() - before; n != 1 {
				t.Fatalf("%d argon2 checks, want exactly 1", n)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		before := s.PasswordChecks()
		if _, err := s.Login(ctx, "admin@example.org", testPassword, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if n := s.PasswordChecks() - before; n != 1 {
			t.Fatalf("%d argon2 checks, want exactly 1", n)
		}
	})
	t.Run("AuditBounded", func(t *testing.T) {
		long := "x@" + strings.Repeat("y", 900_000) + ".org"
		if _, err := s.Login(ctx, long, "x", "192.0.2.9"); !models.IsCode(err, models.ErrUnauthorized) {
			t.Fatal(err)
		}
		entries, err := s.store.ListAudit(ctx, store.AuditFilter{Limit: 1})
		if err != nil || len(entries) != 1 || entries[0].Action != models.AuditLoginFailed {
			t.Fatalf("%v %+v", err, entries)
		}
		if n := len(entries[0].ActorEmail); n > 300 || !strings.HasPrefix(entries[0].ActorEmail, "x***@yyy") {
			t.Fatalf("audit keeps %d bytes of the email: %.80q", n, entries[0].ActorEmail)
		}
	})
}

// TestLoginConcurrentAttempts: attempts are counted before their password
// is checked, so a burst of concurrent wrong passwords for one email gets
// no more checks than the limit; the rest are rate_limited at once.
func TestLoginConcurrentAttempts(t *testing.T) {
	s := loginFixture(t, Options{LoginRatePerMinute: 10})
	before := s.PasswordChecks()
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Login(context.Background(), "admin@example.org", "wrong password",
				"192.0.2."+strconv.Itoa(i%10))
			mu.Lock()
			codes[models.ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[models.ErrUnauthorized] > 10 || codes[models.ErrUnauthorized]+codes[models.ErrRateLimited] != 60 {
		t.Fatalf("answers %v: want at most 10 unauthorized, the rest rate_limited", codes)
	}
	if n := s.PasswordChecks() - before; n > 10 {
		t.Fatalf("%d passwords checked for one email with a limit of 10", n)
	}
}

// TestLoginBusy: with no room to check a password within the wait, a
// login is rate_limited at once, and the attempt is not counted against
// the account or the client (no password was checked).
func TestLoginBusy(t *testing.T) {
	ctx := context.Background()
	s := loginFixture(t, Options{LoginRatePerMinute: 1, PasswordSlots: 1})
	s.passwords.wait = 20 * time.Millisecond
	if err := s.passwords.sem.Acquire(ctx, s.passwords.capacity); err != nil {
		t.Fatal(err)
	}
	before := s.PasswordChecks()
	_, err := s.Login(ctx, "admin@example.org", testPassword, "192.0.2.1")
	if !models.IsCode(err, models.ErrRateLimited) || err.(*models.Error).RetryAfter < 1 {
		t.Fatalf("want rate_limited with a Retry-After, got %v", err)
	}
	if s.PasswordChecks() != before {
		t.Fatal("a password was checked without room")
	}
	s.passwords.sem.Release(s.passwords.capacity)
	if _, err := s.Login(ctx, "admin@example.org", testPassword, "192.0.2.1"); err != nil {
		t.Fatalf("once there is room: %v", err)
	}
}

func TestPasswordSlots(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		cpus   int
		budget int64
		want   int
	}{
		{1, defaultPasswordMemory, 2},
		{8, defaultPasswordMemory, 13},
		{64, 1024 * mib, 53},
		{4, 10 * mib, 1}, // less than one check's memory: still one
	} {
		if got := passwordSlots(tc.cpus, tc.budget); got != tc.want {
			t.Errorf("passwordSlots(%d, %d MiB) = %d, want %d", tc.cpus, tc.budget/mib, got, tc.want)
		}
	}
}

func TestParseHashBounds(t *testing.T) {
	if _, ok := parseHash(dummyHash); !ok {
		t.Fatal("today's parameters refused")
	}
	for _, bad := range []string{
		"", "$argon2id$v=19$m=0,t=2,p=1$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA",
		"$argon2id$v=19$m=4194304,t=2,p=1$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA",
		"$argon2id$v=19$m=19456,t=1000,p=1$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA",
		"$argon2id$v=19$m=19456,t=2,p=255$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA",
		"$argon2i$v=19$m=19456,t=2,p=1$jFglFpSAGFYcLGo5BBoRfA$wwLyonC3h2hd4SPSfBIwhV+i9nfM6VvXcyPzo5eVJBA",
	} {
		if _, ok := parseHash(bad); ok {
			t.Errorf("parseHash(%q) accepted", bad)
		}
	}
}
