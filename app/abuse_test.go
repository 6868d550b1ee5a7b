package main

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestOperatorInjection: MongoDB query operators sent where a value is
// expected never reach a filter as operators. Bodies are decoded into
// typed structs (an object where a string belongs is a validation error
// naming the field), and query parameters are matched literally.
func TestOperatorInjection(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 5,
		"questions": []map[string]any{{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}}}}))
	a.signUp(t, act.ID, signupBody("victim@example.org", nil))
	signups := "/api/v1/activities/" + act.ID + "/signups"

	t.Run("SignupBody", func(t *testing.T) {
		for field, body := range map[string]map[string]any{
			"email":      signupBody("", map[string]any{"email": map[string]any{"$ne": ""}}),
			"name":       signupBody("n@example.org", map[string]any{"name": map[string]any{"$gt": ""}}),
			"party_size": signupBody("p@example.org", map[string]any{"party_size": map[string]any{"$gt": 0}}),
			"answers.diet": signupBody("d@example.org", map[string]any{"answers": map[string]any{
				"diet": map[string]any{"$where": "sleep(1000)"}}}),
			"answers.$where": signupBody("w@example.org", map[string]any{"answers": map[string]any{"$where": "1"}}),
		} {
			r := a.do("POST", signups, body)
			wantError(t, r, 422, "validation_failed")
			if _, ok := fieldErrors(t, r)[field]; !ok {
				t.Errorf("%s: fields %v do not name it", field, fieldErrors(t, r))
			}
		}
	})
	t.Run("Login", func(t *testing.T) {
		r := a.do("POST", "/api/v1/auth/login", `{"email": {"$gt": ""}, "password": {"$gt": ""}}`)
		if r.Status != 422 && r.Status != 400 {
			t.Fatalf("login with operators: %d %s", r.Status, r.Body)
		}
	})
	t.Run("ActivityBody", func(t *testing.T) {
		r := a.do("PATCH", "/api/v1/activities/"+act.ID, `{"capacity": {"$inc": 100}}`, bearer(org.Organiser)...)
		wantError(t, r, 422, "validation_failed")
		if got := a.activity(t, org.Organiser, act.ID); got.Capacity != 5 {
			t.Fatalf("capacity %d", got.Capacity)
		}
	})
	t.Run("QueryLiteral", func(t *testing.T) {
		for _, q := range []string{
			"organisation=" + url.QueryEscape(`{"$ne": null}`),
			"q=" + url.QueryEscape(".*"),
			"q=" + url.QueryEscape(`{"$regex": ""}`),
		} {
			var page activityPage
			a.must(200, "GET", "/api/v1/activities?"+q, nil).JSON(t, &page)
			if len(page.Items) != 0 {
				t.Fatalf("?%s matched %d activities: an operator or pattern was obeyed", q, len(page.Items))
			}
		}
		for _, q := range []string{"kind[$ne]=lunch", "status[$ne]=draft", "language=" + url.QueryEscape(`{"$gt":""}`)} {
			if r := a.do("GET", "/api/v1/activities?"+q, nil, bearer(org.Organiser)...); r.Status >= 500 {
				t.Fatalf("?%s: %d", q, r.Status)
			}
		}
		tampered := base64.RawURLEncoding.EncodeToString([]byte(`{"$gt": ""}`))
		wantError(t, a.do("GET", signups+"?cursor="+tampered, nil, bearer(org.Organiser)...), 400, "bad_request")
		wantError(t, a.do("GET", "/api/v1/activities?cursor="+tampered, nil), 400, "bad_request")
	})
	t.Run("VictimUntouched", func(t *testing.T) {
		all := a.allSignups(t, org.Organiser, act.ID)
		if len(all) != 1 || all[0].Email != "victim@example.org" || all[0].Status != "confirmed" {
			t.Fatalf("%+v", all)
		}
	})
}

// TestNoIPStored: nothing derived from the client's address is stored
// with a signup (rate limits keep it in memory only), whether it is the
// peer's or one a trusted proxy forwarded.
func TestNoIPStored(t *testing.T) {
	a := startApp(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1/32", "SIGNUP_RATE_PER_MINUTE": "50"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, act.ID, signupBody("ip@example.org", nil), "X-Forwarded-For", "203.0.113.77")
	a.signUp(t, act.ID, signupBody("ip2@example.org", nil))
	if found := a.whereStored(t, "203.0.113.77", "127.0.0.1", "ip@example.org"); len(found) != 1 {
		t.Fatalf("want only the email stored, found %v", found)
	}
}

// logCapture keeps everything the service logs.
type logCapture struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *logCapture) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logCapture) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestNoEmailInLogs: the service logs no email address in clear, not even
// where one arrives inside an error (an SMTP server refusing a recipient
// quotes the address) or in its own start-up message.
func TestNoEmailInLogs(t *testing.T) {
	box, smtpURL := newMailbox(t)
	box.srv.FailRecipient("refused.person@example.org", 550)
	logs := &logCapture{}
	a := startAppLogging(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms", "LOG_LEVEL": "debug",
		"ADMIN_EMAIL": "first.admin@example.org"}, logs)
	admin := a.loginToken(t, "first.admin@example.org", testAdminPassword)
	org := a.newOrg(t, admin, "logged")
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, act.ID, signupBody("refused.person@example.org", nil))
	a.signUp(t, act.ID, signupBody("fine.person@example.org", nil))
	wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/signups", signupBody("fine.person@example.org", nil)),
		409, "already_registered")
	a.do("POST", "/api/v1/auth/login", map[string]string{"email": "guess@example.org", "password": "x"})
	box.waitAll(t, a, 2) // fine.person's confirmation, and its link again after already_registered
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "r***@example.org") {
		if time.Now().After(deadline) {
			t.Fatalf("the refusal of refused.person@example.org was not logged (masked):\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	out := logs.String()
	if !strings.Contains(out, "f***@example.org") {
		t.Fatalf("the first admin's creation is not logged with the address masked:\n%s", out)
	}
	for _, addr := range []string{"refused.person@", "fine.person@", "first.admin@", "guess@", "manager@", "organiser@"} {
		if strings.Contains(out, addr) {
			t.Fatalf("%s... in clear in the log:\n%s", addr, out)
		}
	}
	if addr := regexp.MustCompile(`[A-Za-z0-9._%+-]{2}@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+`).FindString(out); addr != "" {
		t.Fatalf("an email address in clear in the log: %q\n%s", addr, out)
	}
}
