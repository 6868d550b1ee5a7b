package main

import (
	"strings"
	"testing"
)

// TestFallbackOrderEverywhere: a reader whose language the activity lacks
// sees the organisation's default language (here Polish, not English) on
// the page, in the email and in the calendar feed alike.
func TestFallbackOrderEverywhere(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL})
	org := a.newOrg(t, a.adminToken(t), "fallback-lib") // default language pl
	act := a.publishedActivity(t, org.Organiser, activityBody(6, map[string]any{
		"title": map[string]string{"en": "Language café", "pl": "Kawiarenka językowa", "es": "Café de idiomas"}}))
	const want = "Kawiarenka językowa"

	t.Run("Page", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/"+act.ID+"?lang=uk"), 200, "uk")
		if !strings.Contains(body, `lang="pl" dir="ltr">`+want) {
			t.Error("the page does not fall back to the organisation's language")
		}
	})
	t.Run("Feed", func(t *testing.T) {
		for _, path := range []string{"/api/v1/activities/" + act.ID + ".ics?lang=uk", "/api/v1/activities.ics?lang=uk"} {
			body := string(a.must(200, "GET", path, nil).Body)
			if !strings.Contains(body, "SUMMARY:"+want) {
				t.Errorf("%s: no SUMMARY in Polish:\n%.600s", path, body)
			}
		}
	})
	t.Run("Email", func(t *testing.T) {
		a.signUp(t, act.ID, signupBody("olena@example.org", map[string]any{"language": "uk"}))
		msgs := box.waitAll(t, a, 1)
		if got := msgs[0].Subject; got != box.subject("uk", "confirmed", want) {
			t.Errorf("subject %q, want the Ukrainian subject with the Polish title", got)
		}
		if cal := msgs[0].Parts["text/calendar"]; !strings.Contains(cal, "SUMMARY:"+want) {
			t.Errorf("the email's calendar file lacks the Polish title:\n%.600s", cal)
		}
	})
}
