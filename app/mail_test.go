package main

import (
	"strings"
	"testing"
	"time"
)

// TestSignupEmails follows one activity through signups, a cancellation,
// a promotion and the activity's cancellation, and checks that each email
// arrives exactly once, in the attendee's language, with the right parts.
func TestSignupEmails(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
	title := act.Title

	olena := a.signUp(t, act.ID, signupBody("olena@example.org", map[string]any{"language": "uk"}))
	amal := a.signUp(t, act.ID, signupBody("amal@example.org", map[string]any{"language": "ar", "name": "أمل"}))
	a.signUp(t, act.ID, signupBody("lucia@example.org", map[string]any{"language": "es"}))
	if olena.Status != "confirmed" || amal.Status != "waitlisted" {
		t.Fatalf("statuses %s, %s", olena.Status, amal.Status)
	}
	box.srv.WaitFor(3, 30*time.Second)
	// Olena cancels: her receipt, and Amal is promoted.
	a.must(200, "POST", "/api/v1/signups/"+olena.ManageToken+"/cancel", nil)
	box.srv.WaitFor(5, 30*time.Second)
	a.must(200, "POST", "/api/v1/activities/"+act.ID+"/cancel",
		map[string]any{"reason": map[string]string{"pl": "Sala zalana.", "es": "La sala está inundada."}}, bearer(org.Organiser)...)

	msgs := box.waitAll(t, a, 7)
	titleIn := func(lang string) string {
		if s := title[lang]; s != "" {
			return s
		}
		return title["pl"] // the organisation's default language
	}
	check := func(t *testing.T, addr, lang string, kinds ...string) {
		t.Helper()
		got := to(msgs, addr)
		if len(got) != len(kinds) {
			t.Fatalf("%d emails to %s, want %d", len(got), addr, len(kinds))
		}
		for _, kind := range kinds {
			want := box.subject(lang, kind, titleIn(lang))
			found := false
			for _, m := range got {
				if m.Subject != want {
					continue
				}
				found = true
				if m.Lang != lang || m.Parts["text/plain"] == "" || !strings.Contains(m.Parts["text/html"], `lang="`+lang+`"`) {
					t.Errorf("%s to %s: language %q, parts %v", kind, addr, m.Lang, keys(m.Parts))
				}
				_, ics := m.Parts["text/calendar"]
				if ics != (kind == "confirmed" || kind == "promoted" || kind == "cancelled" || kind == "activity_cancelled") {
					t.Errorf("%s to %s: calendar attached = %v", kind, addr, ics)
				}
				online := strings.Contains(m.Parts["text/plain"], "https://meet.example.org/x")
				if online != (kind == "confirmed" || kind == "promoted") {
					t.Errorf("%s to %s: online link shown = %v", kind, addr, online)
				}
				if kind == "confirmed" || kind == "waitlisted" || kind == "promoted" {
					if !strings.Contains(m.Parts["text/plain"], "http://localhost:3000/signups/") {
						t.Errorf("%s to %s: no manage link", kind, addr)
					}
				}
				if kind == "waitlisted" && lang == "ar" && !strings.Contains(m.Parts["text/html"], `dir="rtl"`) {
					t.Errorf("Arabic HTML is not right-to-left")
				}
				if kind == "activity_cancelled" && lang == "es" && !strings.Contains(m.Parts["text/plain"], "La sala está inundada.") {
					t.Errorf("reason missing in Spanish:\n%s", m.Parts["text/plain"])
				}
				if kind == "activity_cancelled" && lang == "ar" && !strings.Contains(m.Parts["text/plain"], "Sala zalana.") {
					t.Errorf("reason not in the organisation's language for Arabic:\n%s", m.Parts["text/plain"])
				}
			}
			if !found {
				t.Errorf("no %s email to %s with subject %q", kind, addr, want)
			}
		}
	}
	t.Run("Confirmed attendee who cancelled", func(t *testing.T) {
		check(t, "olena@example.org", "uk", "confirmed", "cancelled")
	})
	t.Run("Waitlisted then promoted, then activity cancelled", func(t *testing.T) {
		check(t, "amal@example.org", "ar", "waitlisted", "promoted", "activity_cancelled")
	})
	t.Run("Waitlisted, then activity cancelled", func(t *testing.T) {
		check(t, "lucia@example.org", "es", "waitlisted", "activity_cancelled")
	})
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
