package main

import (
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	a := startApp(t, nil)
	login := func(body any, headers ...string) *response {
		return a.do("POST", "/api/v1/auth/login", body, headers...)
	}
	t.Run("OK", func(t *testing.T) {
		r := a.must(200, "POST", "/api/v1/auth/login",
			map[string]string{"email": "ADMIN@example.org", "password": testAdminPassword})
		var out struct {
			Token     string    `json:"token"`
			ExpiresAt time.Time `json:"expires_at"`
			User      struct {
				ID, Email, Name, Role string
				OrganisationID        string `json:"organisation_id"`
			} `json:"user"`
		}
		r.JSON(t, &out)
		if len(out.Token) < 43 || out.User.Email != testAdminEmail || out.User.Role != "admin" || out.User.ID == "" {
			t.Fatalf("bad login answer: %s", r.Body)
		}
		if d := time.Until(out.ExpiresAt); d < 11*time.Hour || d > 13*time.Hour {
			t.Fatalf("expires_at %v is not about 12 h away", out.ExpiresAt)
		}
		if string(r.Body) == "" || bodyContains(r.Body, "password_hash") || bodyContains(r.Body, "argon2") {
			t.Fatalf("login leaks the password hash: %s", r.Body)
		}
	})
	t.Run("ErrWrongPasswordAndUnknownEmailAnswerAlike", func(t *testing.T) {
		wrong := login(map[string]string{"email": testAdminEmail, "password": "wrong password"})
		unknown := login(map[string]string{"email": "nobody@example.org", "password": "wrong password"})
		wantError(t, wrong, 401, "unauthorized")
		wantError(t, unknown, 401, "unauthorized")
		if string(wrong.Body) != string(unknown.Body) {
			t.Fatalf("answers differ:\n%s\n%s", wrong.Body, unknown.Body)
		}
	})
	t.Run("ErrUnknownEmailTakesArgon2Time", func(t *testing.T) {
		median := func(email string) time.Duration {
			var ds []time.Duration
			for range 5 {
				start := time.Now()
				login(map[string]string{"email": email, "password": "wrong password"})
				ds = append(ds, time.Since(start))
			}
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			return ds[2]
		}
		known, unknown := median(testAdminEmail), median("ghost@example.org")
		if unknown < known/2 {
			t.Fatalf("unknown email answered in %v, a known one in %v: timing reveals which emails exist", unknown, known)
		}
	})
	t.Run("ErrMalformedJSON", func(t *testing.T) {
		wantError(t, login(`{"email": `), 400, "bad_request")
	})
	t.Run("ErrWrongContentType", func(t *testing.T) {
		r := a.do("POST", "/api/v1/auth/login", nil, "Content-Type", "text/plain")
		wantError(t, r, 400, "bad_request")
	})
	t.Run("ErrWrongType", func(t *testing.T) {
		r := login(`{"email": {"$ne": ""}, "password": "x"}`)
		wantError(t, r, 422, "validation_failed")
		if _, ok := fieldErrors(t, r)["email"]; !ok {
			t.Fatalf("want a field error on email: %s", r.Body)
		}
	})
}

func TestSession(t *testing.T) {
	a := startApp(t, nil)
	t.Run("OK", func(t *testing.T) {
		tok := a.adminToken(t)
		var me struct {
			ID, Email, Name, Role string
			OrganisationID        *string `json:"organisation_id"`
		}
		a.must(200, "GET", "/api/v1/me", nil, bearer(tok)...).JSON(t, &me)
		if me.Email != testAdminEmail || me.Role != "admin" || me.ID == "" || me.OrganisationID == nil {
			t.Fatalf("bad /me: %+v", me)
		}
	})
	t.Run("ErrNoToken", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/me", nil), 401, "unauthorized")
	})
	t.Run("ErrBadToken", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/me", nil, bearer("not-a-token")...), 401, "unauthorized")
		wantError(t, a.do("GET", "/api/v1/me", nil, "Authorization", "Basic YWRtaW46YWRtaW4="), 401, "unauthorized")
	})
	t.Run("LogoutRevokes", func(t *testing.T) {
		tok := a.adminToken(t)
		other := a.adminToken(t)
		a.must(204, "POST", "/api/v1/auth/logout", nil, bearer(tok)...)
		wantError(t, a.do("GET", "/api/v1/me", nil, bearer(tok)...), 401, "unauthorized")
		wantError(t, a.do("POST", "/api/v1/auth/logout", nil, bearer(tok)...), 401, "unauthorized")
		a.must(200, "GET", "/api/v1/me", nil, bearer(other)...) // other sessions live on
	})
}

func TestLoginRateLimit(t *testing.T) {
	t.Run("ErrPerEmail", func(t *testing.T) {
		a := startApp(t, map[string]string{"LOGIN_RATE_PER_MINUTE": "3"})
		for range 3 {
			wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": testAdminEmail, "password": "nope"}), 401, "unauthorized")
		}
		// Over the limit even the right password waits: guessing cannot go on.
		r := a.do("POST", "/api/v1/auth/login", map[string]string{"email": testAdminEmail, "password": testAdminPassword})
		wantError(t, r, 429, "rate_limited")
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
			t.Fatalf("Retry-After %q, want 1..60 seconds", r.Header.Get("Retry-After"))
		}
	})
	t.Run("ErrPerIP", func(t *testing.T) {
		a := startApp(t, map[string]string{"LOGIN_RATE_PER_MINUTE": "3"})
		for i := range 3 {
			email := "guess" + strconv.Itoa(i) + "@example.org"
			wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": "x"}), 401, "unauthorized")
		}
		r := a.do("POST", "/api/v1/auth/login", map[string]string{"email": "fresh@example.org", "password": "x"})
		wantError(t, r, 429, "rate_limited")
		if r.Header.Get("Retry-After") == "" {
			t.Fatal("no Retry-After")
		}
	})
	t.Run("OffWhenZero", func(t *testing.T) {
		a := startApp(t, map[string]string{"LOGIN_RATE_PER_MINUTE": "0"})
		for range 5 {
			wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": testAdminEmail, "password": "nope"}), 401, "unauthorized")
		}
		a.adminToken(t)
	})
}

func bodyContains(b []byte, s string) bool { return strings.Contains(string(b), s) }
