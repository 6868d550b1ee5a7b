package main

import (
	"strconv"
	"testing"
)

// TestRateLimitIPv6CountsThe64: an IPv6 client is counted by its /64,
// the block one subscriber line gets, so walking through the addresses
// of one's own /64 buys no extra signups or password guesses; another
// /64 keeps its own budget.
func TestRateLimitIPv6CountsThe64(t *testing.T) {
	xff := func(addr string) []string { return []string{"X-Forwarded-For", addr} }
	t.Run("Signup", func(t *testing.T) {
		a := startApp(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1", "SIGNUP_RATE_PER_MINUTE": "2"})
		org := signupOrg(t, a)
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 10}))
		path := "/api/v1/activities/" + act.ID + "/signups"
		a.signUp(t, act.ID, signupBody("v6a@example.org", nil), xff("2001:db8:1:2::1")...)
		a.signUp(t, act.ID, signupBody("v6b@example.org", nil), xff("2001:db8:1:2::2")...)
		wantError(t, a.do("POST", path, signupBody("v6c@example.org", nil), xff("2001:db8:1:2::3")...),
			429, "rate_limited")
		wantError(t, a.do("POST", path, signupBody("v6d@example.org", nil), xff("2001:db8:1:2:ffff:ffff:ffff:ffff")...),
			429, "rate_limited")
		// Another /64 (the next subscriber) is not limited.
		a.signUp(t, act.ID, signupBody("v6e@example.org", nil), xff("2001:db8:1:3::1")...)
	})
	t.Run("Login", func(t *testing.T) {
		a := startApp(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1", "LOGIN_RATE_PER_MINUTE": "2"})
		login := func(i int, addr string) *response {
			return a.do("POST", "/api/v1/auth/login",
				map[string]string{"email": "guess" + strconv.Itoa(i) + "@example.org", "password": "x"}, xff(addr)...)
		}
		wantError(t, login(1, "2001:db8:1:2::1"), 401, "unauthorized")
		wantError(t, login(2, "2001:db8:1:2::2"), 401, "unauthorized")
		wantError(t, login(3, "2001:db8:1:2::3"), 429, "rate_limited")
		wantError(t, login(4, "2001:db8:1:3::1"), 401, "unauthorized")
	})
}
