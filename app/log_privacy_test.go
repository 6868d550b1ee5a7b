package main

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNoInternationalEmailInLogs: addresses with non-ASCII local parts or
// domains, refused by the mail server (whose error quotes them), are
// masked in the log like ASCII ones: at most their first character.
func TestNoInternationalEmailInLogs(t *testing.T) {
	box, smtpURL := newMailbox(t)
	cyrillic, accented := "олена.коваленко@приклад.укр", "émilie.dubois@exemple.fr"
	box.srv.FailRecipient(cyrillic, 550)
	box.srv.FailRecipient(accented, 550)
	logs := &logCapture{}
	a := startAppLogging(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms",
		"LOG_LEVEL": "debug"}, logs)
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, act.ID, signupBody(cyrillic, nil))
	a.signUp(t, act.ID, signupBody(accented, nil))
	deadline := time.Now().Add(15 * time.Second)
	for strings.Count(logs.String(), "refused by smtptest") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the two refusals were not logged:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	out := logs.String()
	for _, leak := range []string{"олена", "оле", "ол@", "коваленко", "émilie", "ém", "dubois"} {
		if strings.Contains(out, leak) {
			t.Errorf("%q of an address in the log:\n%s", leak, out)
		}
	}
	for _, want := range []string{"о***@приклад.укр", "é***@exemple.fr"} {
		if !strings.Contains(out, want) {
			t.Errorf("want the address masked as %s in the log:\n%s", want, out)
		}
	}
	if addr := regexp.MustCompile(`[\p{L}\p{M}\p{N}._%+-]{2,}@[\p{L}\p{N}-]+\.`).FindString(out); addr != "" {
		t.Errorf("an address with more than its first character in the log: %q", addr)
	}
}

// TestNoTokenInLogs: secrets carried in a path (manage links, set-password
// links) never reach the log, whatever the answer: the log names the route
// pattern that answered, never the path asked for.
func TestNoTokenInLogs(t *testing.T) {
	box, smtpURL := newMailbox(t)
	logs := &logCapture{}
	a := startAppLogging(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms",
		"LOG_LEVEL": "debug"}, logs)
	org := a.newOrg(t, a.adminToken(t), "tokens")
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	manage := a.signUp(t, act.ID, signupBody("token.owner@example.org", nil)).ManageToken
	m := a.consoleLogin(t, "manager@tokens.example.org", "password-manager")
	wantRedirect(t, m.post("/staff/users", url.Values{"name": {"Nina"}, "email": {"nina@example.org"},
		"role": {"organiser"}}))
	invite := invitationLink.FindStringSubmatch(to(box.waitAll(t, a, 2), "nina@example.org")[0].Parts["text/plain"])[1]
	unknown := "Zq9" + strings.Repeat("x", 40)
	for _, tok := range []string{manage, invite, unknown} {
		for _, req := range []struct{ method, path string }{
			{"GET", "/signups/" + tok},
			{"GET", "/signups/" + tok + "/erase"},
			{"GET", "/api/v1/signups/" + tok},
			{"PATCH", "/api/v1/signups/" + tok},
			{"POST", "/api/v1/signups/" + tok + "/offer/accept"},
			{"GET", "/staff/invitations/" + tok},
			{"POST", "/staff/invitations/" + tok}, // no CSRF token: refused, and logged
			{"PUT", "/api/v1/signups/" + tok},     // no such route: 404
			{"GET", "/no/such/page/" + tok},
		} {
			if r := a.do(req.method, req.path+"?lang=en", nil, "Origin", "https://elsewhere.example"); r.Status >= 500 {
				t.Fatalf("%s %s: %d %s", req.method, req.path, r.Status, r.Body)
			}
		}
		wantPage(t, a.newConsole(t).postRaw("/staff/invitations/"+tok, url.Values{"password": {"x"}}), 403, "en")
	}
	a.must(200, "GET", "/api/v1/signups/"+manage, nil) // the token still works: nothing above erased it
	out := logs.String()
	if !strings.Contains(out, "route=/signups/:token") || !strings.Contains(out, "route=/staff/invitations/:token") {
		t.Fatalf("requests are not logged by route pattern:\n%s", out)
	}
	for name, tok := range map[string]string{"manage": manage, "invitation": invite, "unknown": unknown} {
		if strings.Contains(out, tok) || strings.Contains(out, tok[:16]) {
			t.Errorf("the %s token is in the log:\n%s", name, out)
		}
	}
}
