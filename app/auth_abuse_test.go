package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// loginMetricsToken lets the tests read /metrics on the main port.
var loginMetricsToken = strings.Repeat("t", 32)

// passwordChecks reads agora_password_checks_total from /metrics.
func (a *testApp) passwordChecks(t *testing.T) float64 {
	t.Helper()
	r := a.must(200, "GET", "/metrics", nil, bearer(loginMetricsToken)...)
	return metricValue(t, string(r.Body), "agora_password_checks_total")
}

// TestLoginBurst: 60 concurrent wrong passwords for one email, with a
// limit of 10 a minute, get at most 10 answers of 401 and 10 argon2
// checks; the others are 429 with a Retry-After, having cost no argon2
// memory. Each attempt is counted before its password is checked.
func TestLoginBurst(t *testing.T) {
	a := startApp(t, map[string]string{"LOGIN_RATE_PER_MINUTE": "10", "METRICS_TOKEN": loginMetricsToken})
	before := a.passwordChecks(t)
	body, err := json.Marshal(map[string]string{"email": testAdminEmail, "password": "wrong password"})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	var noRetryAfter int
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := a.client.Post(a.URL+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			statuses[res.StatusCode]++
			if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
				noRetryAfter++
			}
		}()
	}
	began := time.Now()
	close(start)
	wg.Wait()
	t.Logf("60 logins in %v: %v", time.Since(began), statuses)
	if statuses[401] > 10 || statuses[401]+statuses[429] != 60 || noRetryAfter > 0 {
		t.Fatalf("statuses %v (%d 429 without Retry-After): want at most 10 × 401, the rest 429 with Retry-After",
			statuses, noRetryAfter)
	}
	if n := a.passwordChecks(t) - before; n > 10 {
		t.Fatalf("%v argon2 checks for one email with a limit of 10 a minute", n)
	}
}

// TestLoginTimingRevealsNothing: an account invited but without a password
// yet, an unknown email and a wrong password all cost one argon2 check,
// so that their answers take comparable time.
func TestLoginTimingRevealsNothing(t *testing.T) {
	a := startApp(t, nil)
	a.newOrg(t, a.adminToken(t), "timing")
	m := a.consoleLogin(t, "manager@timing.example.org", "password-manager")
	wantRedirect(t, m.post("/staff/users", url.Values{"name": {"Ines"}, "email": {"ines@example.org"},
		"role": {"organiser"}}))
	emails := []string{testAdminEmail, "ines@example.org", "nobody@example.org"}
	took := map[string][]time.Duration{}
	for range 7 { // interleaved, so that a slow moment hurts every kind alike
		for _, email := range emails {
			for _, password := range []string{"wrong password", ""} {
				start := time.Now()
				wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": email,
					"password": password}), 401, "unauthorized")
				took[email] = append(took[email], time.Since(start))
			}
		}
	}
	median := map[string]time.Duration{}
	for email, ds := range took {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		median[email] = ds[len(ds)/2]
	}
	wrong := median[testAdminEmail]
	for _, email := range emails[1:] {
		if median[email] < wrong/2 {
			t.Errorf("%s answered in %v, a wrong password in %v: timing tells them apart", email, median[email], wrong)
		}
	}
}

// TestLoginInputsBounded: a login with an email of 900 kB is a wrong
// login (401), and nothing keeps it whole: its audit entry holds the
// address masked and cut to a real domain's length.
func TestLoginInputsBounded(t *testing.T) {
	a := startApp(t, nil)
	huge := strings.Repeat("d", 900_000)
	for _, email := range []string{"x@" + huge + ".org", huge + "@example.org", huge} {
		wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": "x"}),
			401, "unauthorized")
	}
	wantError(t, a.do("POST", "/api/v1/auth/login", map[string]string{"email": testAdminEmail,
		"password": strings.Repeat("p", 900_000)}), 401, "unauthorized")
	r := a.must(200, "GET", "/api/v1/audit?limit=100", nil, bearer(a.adminToken(t))...)
	if len(r.Body) > 20_000 {
		t.Fatalf("the audit log holds %d bytes after four failed logins", len(r.Body))
	}
	var page struct {
		Items []struct {
			Action     string `json:"action"`
			ActorEmail string `json:"actor_email"`
		} `json:"items"`
	}
	r.JSON(t, &page)
	failed := 0
	for _, e := range page.Items {
		if e.Action != "auth.login_failed" {
			continue
		}
		failed++
		if len(e.ActorEmail) > 300 {
			t.Errorf("a failed login keeps %d bytes of the email: %.60q…", len(e.ActorEmail), e.ActorEmail)
		}
	}
	if failed != 4 {
		t.Fatalf("%d failed logins in the audit log, want 4", failed)
	}
}
