package main

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestPageMailIcsSameWhen checks that a reader sees an activity's time
// written the same way on its page, in their confirmation email and in the
// calendar file attached to it: web's one CLDR formatter serves all three.
// Arabic is checked with the others (the email once wrote Arabic-Indic
// digits and a 12-hour clock while the page wrote "18:00").
func TestPageMailIcsSameWhen(t *testing.T) {
	langs := []string{"en", "pl", "ar"}
	a, box, act := signedUpIn(t, langs)
	msgs := box.waitAll(t, a, len(langs))
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			want := box.cat.Span(lang, act.StartsAt, act.EndsAt, "Europe/Warsaw")
			if !strings.Contains(want, "18:00") && !strings.Contains(want, "6:00") {
				t.Fatalf("want %q to show the start at 18:00", want)
			}
			page := pageText(string(a.page(t, "/activities/"+act.ID+"?lang="+lang).Body))
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q:\n%s", want, page)
			}
			got := to(msgs, lang+"@example.org")
			if len(got) != 1 {
				t.Fatalf("%d emails to %s, want 1", len(got), lang)
			}
			if !strings.Contains(got[0].Parts["text/plain"], want+" (Europe/Warsaw)") {
				t.Errorf("email lacks %q:\n%s", want, got[0].Parts["text/plain"])
			}
			if ics := icsText(got[0].Parts["text/calendar"]); !strings.Contains(ics, want+" (Europe/Warsaw)") {
				t.Errorf("calendar file lacks %q:\n%s", want, ics)
			}
		})
	}
}

// signedUpIn starts the app with a mailbox, publishes an activity in
// Europe/Warsaw and signs up <lang>@example.org in each of langs.
func signedUpIn(t *testing.T, langs []string) (*testApp, *mailbox, activityJSON) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	act := a.publishedActivity(t, signupOrg(t, a).Organiser, activityBody(7, map[string]any{"timezone": "Europe/Warsaw"}))
	for _, lang := range langs {
		a.signUp(t, act.ID, signupBody(lang+"@example.org", map[string]any{"language": lang}))
	}
	return a, box, act
}

var tags = regexp.MustCompile(`<[^>]*>`)

// pageText is a page's text as a reader sees it: no tags, no entities.
func pageText(body string) string { return html.UnescapeString(tags.ReplaceAllString(body, "")) }

// icsText is an iCalendar file's text with folded lines joined and text
// escapes (RFC 5545 3.3.11) undone.
func icsText(s string) string {
	s = strings.NewReplacer("\r\n ", "", "\n ", "").Replace(s)
	return strings.NewReplacer(`\,`, ",", `\;`, ";", `\n`, "\n", `\N`, "\n", `\\`, `\`).Replace(s)
}
