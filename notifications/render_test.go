package notifications

import (
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	cat, err := web.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRenderer(cat)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sampleEmail(kind string) SignupEmail {
	start := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC) // 18:00 in Warsaw
	return SignupEmail{
		Kind: kind,
		Signup: models.Signup{ID: "s1", Name: "Amira <b>", Email: "amira@example.org", PartySize: 2,
			Language: "en", Status: models.SignupConfirmed},
		Activity: models.Activity{ID: "a1", OrganisationID: "o1", Kind: models.KindLanguageCafe,
			Title:    models.Text{"en": "Language café", "pl": "Kawiarenka językowa", "ar": "مقهى اللغات"},
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Timezone: "Europe/Warsaw",
			Venue:        models.Venue{Name: "City Library", Address: "Main St 1", OnlineURL: "https://meet.example.org/x"},
			CancelReason: models.Text{"en": "The room is flooded."}},
		Organisation:     models.Organisation{ID: "o1", Name: "City Library", DefaultLanguage: "en", Timezone: "Europe/Warsaw"},
		ManageURL:        "https://agora.example.org/signups/TOKEN",
		WaitlistPosition: 3,
	}
}

// TestEveryTemplateRendersInEveryLanguage renders each email kind in each
// language and checks that nothing is left untranslated or unfilled.
func TestEveryTemplateRendersInEveryLanguage(t *testing.T) {
	r := newTestRenderer(t)
	signupKinds := []string{KindConfirmed, KindWaitlisted, KindPromoted, KindCancelled, KindActivityCancelled, KindReminder}
	for _, lang := range models.Languages() {
		for _, kind := range signupKinds {
			t.Run(lang+"/"+kind, func(t *testing.T) {
				got, err := r.RenderSignup(lang, sampleEmail(kind))
				if err != nil {
					t.Fatal(err)
				}
				checkRendered(t, lang, got)
				if !strings.Contains(got.Text, r.catalog.Date(lang, time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC), "Europe/Warsaw")) {
					t.Errorf("text lacks the date in the activity's zone:\n%s", got.Text)
				}
				if strings.Contains(got.HTML, "Amira <b>") {
					t.Error("recipient name not escaped in HTML")
				}
				wantOnline := kind == KindConfirmed || kind == KindPromoted || kind == KindReminder
				if strings.Contains(got.Text, "meet.example.org") != wantOnline {
					t.Errorf("online link shown=%v, want %v", !wantOnline, wantOnline)
				}
				if kind == KindActivityCancelled && !strings.Contains(got.Text, "The room is flooded.") {
					t.Error("cancellation reason missing")
				}
				if kind == KindWaitlisted && !strings.Contains(got.Text, r.catalog.Number(lang, 3)) {
					t.Error("waitlist position missing")
				}
				// Rendered here, not taken from the en subtest, so that
				// this subtest checks it when run alone too.
				english, err := r.RenderSignup("en", sampleEmail(kind))
				if err != nil {
					t.Fatal(err)
				}
				if lang != "en" && got.Subject == english.Subject {
					t.Errorf("subject is the English one: %q", got.Subject)
				}
			})
		}
		t.Run(lang+"/message", func(t *testing.T) {
			o := &Outbox{renderer: r, bodies: NewBodyRenderer(), host: "example.org", now: time.Now}
			d := &emailData{Lang: lang, Title: "Café", Organisation: "City Library", Subject: "News",
				Body: "Hello", BodyHTML: "<p>Hello</p>", ManageURL: "https://agora.example.org/signups/T"}
			d.Footer = r.catalog.T(lang, "email.footer.message", map[string]any{"Title": "Café", "Organisation": "City Library"})
			got, err := o.renderer.render(KindMessage, d)
			if err != nil {
				t.Fatal(err)
			}
			checkRendered(t, lang, got)
		})
	}
}

func checkRendered(t *testing.T, lang string, got Rendered) {
	t.Helper()
	for _, part := range []string{got.Subject, got.Text, got.HTML} {
		if strings.Contains(part, "email.") || strings.Contains(part, "<no value>") || strings.Contains(part, "{{") {
			t.Fatalf("untranslated or unfilled text:\n%s", part)
		}
	}
	if got.Subject == "" || got.Text == "" || got.HTML == "" {
		t.Fatal("empty part")
	}
	if !strings.Contains(got.HTML, `lang="`+lang+`"`) {
		t.Errorf("HTML lacks lang=%q", lang)
	}
	if rtl := strings.Contains(got.HTML, `dir="rtl"`); rtl != (lang == "ar") {
		t.Errorf("dir=rtl is %v for %s", rtl, lang)
	}
	if !strings.Contains(got.Text, "-- \n") {
		t.Error("text lacks the footer")
	}
}

// TestWhen pins the time of an activity as emails and their calendar
// files write it: web's CLDR formats, with the zone's name after. The
// Arabic time is CLDR's for "ar" (Latin digits, a 12-hour clock), as on
// the pages; date and time are joined by the translation "date.datetime",
// as on the pages. (Before web's one formatter, emails had hand-written
// tables with Arabic-Indic digits and their own join, and pinned those.)
func TestWhen(t *testing.T) {
	r := newTestRenderer(t)
	start := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	e := SignupEmail{Activity: models.Activity{StartsAt: start, EndsAt: start.Add(2 * time.Hour), Timezone: "Europe/Warsaw"}}
	cases := map[string]string{
		"en": "Tuesday, 1 December 2026, 18:00–20:00 (Europe/Warsaw)",
		"pl": "wtorek, 1 grudnia 2026, godz. 18:00–20:00 (Europe/Warsaw)",
		"lt": "2026 m. gruodžio 1 d., antradienis, 18:00–20:00 (Europe/Warsaw)",
		"lv": "otrdiena, 2026. gada 1. decembris, plkst. 18:00–20:00 (Europe/Warsaw)",
		"hr": "utorak, 1. prosinca 2026. u 18:00–20:00 (Europe/Warsaw)",
		"es": "martes, 1 de diciembre de 2026, 18:00–20:00 (Europe/Warsaw)",
		"tr": "1 Aralık 2026 Salı, 18:00–20:00 (Europe/Warsaw)",
		"ro": "marți, 1 decembrie 2026, ora 18:00–20:00 (Europe/Warsaw)",
		"uk": "вівторок, 1 грудня 2026 р. о 18:00–20:00 (Europe/Warsaw)",
		"ru": "вторник, 1 декабря 2026 г. в 18:00–20:00 (Europe/Warsaw)",
		"ar": "الثلاثاء، 1 ديسمبر 2026، الساعة 6:00 م–8:00 م (Europe/Warsaw)",
	}
	for lang, want := range cases {
		if got := r.When(lang, e); got != want {
			t.Errorf("%s: got %q, want %q", lang, got, want)
		}
	}
	t.Run("OverMidnight", func(t *testing.T) {
		e := e
		e.Activity.EndsAt = start.Add(8 * time.Hour)
		got := r.When("en", e)
		want := "Tuesday, 1 December 2026, 18:00 – Wednesday, 2 December 2026, 02:00 (Europe/Warsaw)"
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("UnknownZoneIsUTC", func(t *testing.T) {
		e := e
		e.Activity.Timezone = "Mars/Olympus"
		if got, want := r.When("en", e), "Tuesday, 1 December 2026, 17:00–19:00 (UTC)"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}
