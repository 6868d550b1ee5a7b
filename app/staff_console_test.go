package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func TestConsoleLogin(t *testing.T) {
	a := startApp(t, nil)
	a.newOrg(t, a.adminToken(t), "login-lib")

	t.Run("OK", func(t *testing.T) {
		c := a.newConsole(t)
		r := c.login("organiser@login-lib.example.org", "password-organiser")
		if loc := wantRedirect(t, r); loc != "/staff/" {
			t.Fatalf("redirect to %q", loc)
		}
		ck := setCookie(t, r, "agora_staff")
		if !ck.HttpOnly || ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/staff" {
			t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/staff, not Secure on http", ck)
		}
		if left := time.Duration(ck.MaxAge) * time.Second; left < 11*time.Hour || left > 13*time.Hour {
			t.Errorf("session cookie lasts %v, want the session's 12 h", left)
		}
		body := wantConsolePage(t, c.get("/staff/"), 200)
		wantContains(t, body, "Your activities", `action="/staff/logout"`, "organiser of login-lib")
		// The cookie is the API's session token: the same session store.
		a.must(200, "GET", "/api/v1/me", nil, bearer(ck.Value)...)
	})
	t.Run("NextPage", func(t *testing.T) {
		c := a.newConsole(t)
		r := c.get("/staff/reports?from=2026-01-01")
		loc := wantRedirect(t, r)
		if loc != "/staff/login?next=%2Fstaff%2Freports%3Ffrom%3D2026-01-01" {
			t.Fatalf("redirect to %q", loc)
		}
		form := wantPage(t, c.get(loc), 200, "en")
		wantContains(t, form, `name="next" value="/staff/reports?from=2026-01-01"`)
		r = c.postRaw("/staff/login", url.Values{"csrf": {csrfOf(t, form)}, "email": {testAdminEmail},
			"password": {testAdminPassword}, "next": {"/staff/reports?from=2026-01-01"}})
		if loc := wantRedirect(t, r); loc != "/staff/reports?from=2026-01-01" {
			t.Fatalf("after login went to %q", loc)
		}
	})
	t.Run("ErrNextElsewhere", func(t *testing.T) {
		c := a.newConsole(t)
		form := wantPage(t, c.get("/staff/login?next=//evil.example/staff/"), 200, "en")
		if strings.Contains(form, `name="next"`) {
			t.Fatal("the login form keeps a next address of another site")
		}
		r := c.postRaw("/staff/login", url.Values{"csrf": {csrfOf(t, form)}, "email": {testAdminEmail},
			"password": {testAdminPassword}, "next": {"https://evil.example/"}})
		if loc := wantRedirect(t, r); loc != "/staff/" {
			t.Fatalf("after login went to %q", loc)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		c := a.newConsole(t)
		body := wantPage(t, c.login("organiser@login-lib.example.org", "wrong"), 401, "en")
		wantContains(t, body, "Wrong email address or password.", `value="organiser@login-lib.example.org"`)
		if c.cookie("agora_staff") != nil {
			t.Fatal("a failed login set a session cookie")
		}
	})
	t.Run("ErrNoCSRFToken", func(t *testing.T) {
		c := a.newConsole(t)
		c.get("/staff/login")
		r := c.postRaw("/staff/login", url.Values{"email": {testAdminEmail}, "password": {testAdminPassword}})
		body := wantPage(t, r, 403, "en")
		wantContains(t, body, "This form has expired or did not come from this site.")
		if c.cookie("agora_staff") != nil {
			t.Fatal("a login without its CSRF token opened a session")
		}
	})
	t.Run("TranslatedPage", func(t *testing.T) {
		c := a.newConsole(t)
		body := wantPage(t, c.get("/staff/login?lang=ar"), 200, "ar")
		wantContains(t, body, "دخول الموظفين", `<label for="f-password">`)
	})
}

func TestConsoleLoginRateLimited(t *testing.T) {
	a := startApp(t, map[string]string{"LOGIN_RATE_PER_MINUTE": "2"})
	c := a.newConsole(t)
	for range 2 {
		wantPage(t, c.login(testAdminEmail, "wrong"), 401, "en")
	}
	r := c.login(testAdminEmail, testAdminPassword)
	body := wantPage(t, r, 429, "en")
	if r.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	wantContains(t, body, "Too many failed attempts.")
	// The API shares the limit: it is the same login use case.
	wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": testAdminEmail,
		"password": testAdminPassword}), 429, "rate_limited")
}

func TestConsoleSession(t *testing.T) {
	a := startApp(t, nil)

	t.Run("ErrNoSession", func(t *testing.T) {
		c := a.newConsole(t)
		for _, path := range []string{"/staff/", "/staff/activities/new", "/staff/reports", "/staff/users"} {
			if loc := wantRedirect(t, c.get(path)); !strings.HasPrefix(loc, "/staff/login?next=") {
				t.Errorf("%s without a session: redirect to %q", path, loc)
			}
		}
		if loc := wantRedirect(t, c.postRaw("/staff/activities", url.Values{"kind": {"lunch"}})); loc != "/staff/login" {
			t.Errorf("form post without a session: redirect to %q", loc)
		}
	})
	t.Run("Logout", func(t *testing.T) {
		c := a.consoleLogin(t, testAdminEmail, testAdminPassword)
		token := c.cookie("agora_staff").Value
		r := c.post("/staff/logout", nil)
		if loc := wantRedirect(t, r); loc != "/staff/login?done=logout" {
			t.Fatalf("logout went to %q", loc)
		}
		if ck := setCookie(t, r, "agora_staff"); ck.MaxAge >= 0 && ck.Value != "" {
			t.Errorf("logout did not clear the cookie: %+v", ck)
		}
		wantContains(t, wantPage(t, c.get("/staff/login?done=logout"), 200, "en"), "You are logged out.")
		// The session is revoked, not only forgotten by this browser.
		wantError(t, a.do("GET", "/api/v1/me", nil, bearer(token)...), 401, "unauthorized")
		replay := a.newConsole(t)
		u, _ := url.Parse(a.URL + "/staff/")
		replay.client.Jar.SetCookies(u, []*http.Cookie{{Name: "agora_staff", Value: token, Path: "/staff"}})
		if loc := wantRedirect(t, replay.get("/staff/")); !strings.HasPrefix(loc, "/staff/login") {
			t.Fatalf("a revoked session still opens the console: %q", loc)
		}
	})
	t.Run("ErrLogoutWithoutCSRF", func(t *testing.T) {
		c := a.consoleLogin(t, testAdminEmail, testAdminPassword)
		wantPage(t, c.postRaw("/staff/logout", nil), 403, "en")
		wantConsolePage(t, c.get("/staff/"), 200)
	})
	t.Run("Expired", func(t *testing.T) {
		token := insertSession(t, a, testAdminEmail, time.Now().Add(-time.Minute))
		c := a.newConsole(t)
		u, _ := url.Parse(a.URL + "/staff/")
		c.client.Jar.SetCookies(u, []*http.Cookie{{Name: "agora_staff", Value: token, Path: "/staff"}})
		loc := wantRedirect(t, c.get("/staff/"))
		if loc != "/staff/login?done=expired&next=%2Fstaff%2F" {
			t.Fatalf("expired session: redirect to %q", loc)
		}
		wantContains(t, wantPage(t, c.get(loc), 200, "en"), "Your session has ended. Please log in again.")
		// A live session of the same user works: only expiry refused it.
		live := insertSession(t, a, testAdminEmail, time.Now().Add(time.Hour))
		c.client.Jar.SetCookies(u, []*http.Cookie{{Name: "agora_staff", Value: live, Path: "/staff"}})
		wantConsolePage(t, c.get("/staff/"), 200)
	})
}

func TestConsoleSecureCookie(t *testing.T) {
	a := startApp(t, map[string]string{"BASE_URL": "https://agora.example.org"})
	c := a.newConsole(t)
	r := c.login(testAdminEmail, testAdminPassword)
	wantRedirect(t, r)
	if ck := setCookie(t, r, "agora_staff"); !ck.Secure || !ck.HttpOnly {
		t.Fatalf("session cookie %+v: want Secure and HttpOnly when BASE_URL is https", ck)
	}
}

// insertSession stores a session of the user expiring at expires, as the
// login use case would, and returns its token.
func insertSession(t *testing.T, a *testApp, email string, expires time.Time) string {
	t.Helper()
	token := models.NewID() + models.NewID()
	sum := sha256.Sum256([]byte(token))
	_, err := a.database(t).ExecContext(t.Context(), `INSERT INTO sessions (token_hash, user_id, expires_at, created_at)
		SELECT ?, id, ?, ? FROM users WHERE email = ?`, hex.EncodeToString(sum[:]), expires.UnixMilli(),
		time.Now().UnixMilli(), email)
	if err != nil {
		t.Fatal(err)
	}
	return token
}
