package main

import (
	"strings"
	"testing"
)

// TestArabicEmailIsolatesLatinText: names, titles, the venue and links
// embedded in an Arabic email are isolated (<bdi>), so that punctuation
// stays on its side of a left-to-right run.
func TestArabicEmailIsolatesLatinText(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(6, nil))
	a.signUp(t, act.ID, signupBody("amal@example.org", map[string]any{"language": "ar", "name": "Amal <Haddad>"}))
	msgs := box.waitAll(t, a, 1)
	html := msgs[0].Parts["text/html"]
	for _, w := range []string{`dir="rtl"`, "<bdi>Amal &lt;Haddad&gt;</bdi>", "<bdi>Kawiarenka językowa</bdi>",
		"<bdi>Main library</bdi>", "<bdi>Rynek 1</bdi>", `<bdi><a href="https://meet.example.org/x" dir="ltr">`} {
		if !strings.Contains(html, w) {
			t.Errorf("Arabic email lacks %s", w)
		}
	}
	if strings.ContainsAny(html, "\ue000\ue001") || strings.Contains(msgs[0].Parts["text/plain"], "<bdi>") {
		t.Error("isolation marks leaked")
	}
}
