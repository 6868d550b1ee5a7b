package main

import (
	"strconv"
	"sync"
	"testing"
)

func TestSignupIdempotencyKey(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
	path := "/api/v1/activities/" + act.ID + "/signups"
	// own gives a subtest an activity of one seat of its own, so that what
	// it signs up does not depend on its siblings. Keys are global: each
	// subtest uses its own.
	own := func(t *testing.T) (activityJSON, string) {
		t.Helper()
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
		return act, "/api/v1/activities/" + act.ID + "/signups"
	}

	t.Run("SameKeySameBodyReplays", func(t *testing.T) {
		act, path := own(t)
		body := signupBody("retry@example.org", nil)
		first := a.must(201, "POST", path, body, "Idempotency-Key", "key-1")
		again := a.must(201, "POST", path, body, "Idempotency-Key", "key-1")
		if string(again.Body) != string(first.Body) {
			t.Fatalf("replay differs:\n%s\n%s", first.Body, again.Body)
		}
		if again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatal("the replay is not marked")
		}
		if n := len(a.allSignups(t, org.Organiser, act.ID)); n != 1 {
			t.Fatalf("%d signups, want 1", n)
		}
	})
	t.Run("ErrIdempotencyKeyReused", func(t *testing.T) {
		_, path := own(t)
		a.must(201, "POST", path, signupBody("retry@example.org", nil), "Idempotency-Key", "key-3")
		r := a.do("POST", path, signupBody("someone-else@example.org", nil), "Idempotency-Key", "key-3")
		wantError(t, r, 409, "idempotency_key_reused")
		other := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		r = a.do("POST", "/api/v1/activities/"+other.ID+"/signups", signupBody("retry@example.org", nil), "Idempotency-Key", "key-3")
		wantError(t, r, 409, "idempotency_key_reused")
	})
	t.Run("ErrorsReplayToo", func(t *testing.T) {
		_, path := own(t)
		body := signupBody("retry@example.org", nil)
		a.must(201, "POST", path, body) // already registered
		first := a.do("POST", path, body, "Idempotency-Key", "key-2")
		wantError(t, first, 409, "already_registered")
		again := a.do("POST", path, body, "Idempotency-Key", "key-2")
		if again.Status != 409 || string(again.Body) != string(first.Body) {
			t.Fatalf("replay %d %s", again.Status, again.Body)
		}
	})
	t.Run("ErrBadKey", func(t *testing.T) {
		long := make([]byte, 300)
		for i := range long {
			long[i] = 'k'
		}
		wantError(t, a.do("POST", path, signupBody("k@example.org", nil), "Idempotency-Key", string(long)), 400, "bad_request")
	})
	t.Run("ConcurrentDuplicatesMakeOneSignup", func(t *testing.T) {
		body := signupBody("burst@example.org", nil)
		const n = 10
		bodies := make([]string, n)
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := a.do("POST", path, body, "Idempotency-Key", "key-burst")
				statuses[i], bodies[i] = r.Status, string(r.Body)
			}()
		}
		wg.Wait()
		for i := range n {
			if statuses[i] != 201 || bodies[i] != bodies[0] {
				t.Fatalf("answer %d: %d %s; first %d %s", i, statuses[i], bodies[i], statuses[0], bodies[0])
			}
		}
		count := 0
		for _, su := range a.allSignups(t, org.Organiser, act.ID) {
			if su.Email == "burst@example.org" {
				count++
			}
		}
		if count != 1 {
			t.Fatalf("%d signups for one key", count)
		}
	})
	t.Run("AnotherInstanceReplays", func(t *testing.T) {
		// A second instance on the same database: the key is in the store.
		// (MongoDB: the embedded store admits one process.) Instances
		// share their SECRET_KEY, as they must: the kept answer is sealed
		// under it.
		env := mongoEnv(t)
		env["SECRET_KEY"] = "a shared secret key of at least thirty-two characters"
		a := startApp(t, env)
		org := signupOrg(t, a)
		act := a.publishedActivity(t, org.Organiser, activityBody(50, nil))
		path := "/api/v1/activities/" + act.ID + "/signups"
		env["ADMIN_EMAIL"], env["ADMIN_PASSWORD"] = "", ""
		b := startApp(t, env)
		body := signupBody("retry@example.org", nil)
		first := a.must(201, "POST", path, body, "Idempotency-Key", "key-1")
		again := b.must(201, "POST", path, body, "Idempotency-Key", "key-1")
		if string(again.Body) != string(first.Body) {
			t.Fatalf("the other instance answered %s, want %s", again.Body, first.Body)
		}
	})
}

func TestSignupRateLimit(t *testing.T) {
	t.Run("ErrRateLimited", func(t *testing.T) {
		a := startApp(t, map[string]string{"SIGNUP_RATE_PER_MINUTE": "3"})
		org := signupOrg(t, a)
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		path := "/api/v1/activities/" + act.ID + "/signups"
		for i := range 3 {
			a.signUp(t, act.ID, signupBody("r"+strconv.Itoa(i)+"@example.org", nil))
		}
		r := a.do("POST", path, signupBody("r9@example.org", nil))
		wantError(t, r, 429, "rate_limited")
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
			t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		// Without TRUSTED_PROXIES a client cannot pick its own address.
		wantError(t, a.do("POST", path, signupBody("r9@example.org", nil), "X-Forwarded-For", "203.0.113.9"), 429, "rate_limited")
		// Other endpoints are not limited.
		a.must(200, "GET", "/api/v1/activities/"+act.ID, nil)
	})
	t.Run("PerClientBehindTrustedProxy", func(t *testing.T) {
		a := startApp(t, map[string]string{"SIGNUP_RATE_PER_MINUTE": "1", "TRUSTED_PROXIES": "127.0.0.1/32"})
		org := signupOrg(t, a)
		act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		path := "/api/v1/activities/" + act.ID + "/signups"
		xff := func(chain string) []string { return []string{"X-Forwarded-For", chain} }
		a.signUp(t, act.ID, signupBody("c1@example.org", nil), xff("198.51.100.1")...)
		wantError(t, a.do("POST", path, signupBody("c2@example.org", nil), xff("198.51.100.1")...), 429, "rate_limited")
		// Another client behind the same proxy has its own budget.
		a.signUp(t, act.ID, signupBody("c3@example.org", nil), xff("198.51.100.2")...)
		// A forged left-most entry does not help: the right-most untrusted
		// address is the client.
		wantError(t, a.do("POST", path, signupBody("c4@example.org", nil), xff("10.9.9.9, 198.51.100.1")...), 429, "rate_limited")
	})
	t.Run("Off", func(t *testing.T) {
		a := startApp(t, map[string]string{"SIGNUP_RATE_PER_MINUTE": "0"})
		org := signupOrg(t, a)
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 100}))
		for i := range 30 {
			a.signUp(t, act.ID, signupBody("o"+strconv.Itoa(i)+"@example.org", nil))
		}
	})
}
