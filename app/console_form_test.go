package main

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// validatorWords are pieces of validator's own messages, which name the
// JSON field: a console form must never show them.
var validatorWords = []string{"capacity must", "max_party_size must", "title[", "required field", "wymaganym polem",
	"musi być równe", "must be 1 or greater", "email must"}

func wantNoValidatorText(t *testing.T, body string) {
	t.Helper()
	for _, w := range validatorWords {
		if strings.Contains(body, w) {
			t.Errorf("the page shows validator's raw text %q", w)
		}
	}
}

// TestConsoleFormErrorsTranslated: the console's forms word their errors
// in the librarian's language as sentences, tied to the fields, as the
// public pages do, and never with validator's raw messages.
func TestConsoleFormErrorsTranslated(t *testing.T) {
	a := startApp(t, nil)
	a.newOrg(t, a.adminToken(t), "err-lib")
	c := a.consoleLogin(t, "manager@err-lib.example.org", "password-manager")
	bad := func() url.Values {
		f := activityForm(7)
		f.Set("capacity", "0")
		f.Set("max_party_size", "0")
		f.Set("t.1.title", "")
		f.Set("venue_online_url", "not a link")
		f.Set("ends_at", f.Get("starts_at")[:10]+"T17:00")
		return f
	}
	cases := map[string][]string{
		"en": {"Enter the number of places as a whole number, 1 or more",
			"Enter a whole number from 1 up to the number of places",
			"Enter a title in this language, or remove this language", "Enter a link that starts with https://",
			"Ends: must be after the start"},
		"pl": {"Wpisz liczbę miejsc jako liczbę całkowitą, co najmniej 1", "Wpisz liczbę całkowitą od 1 do liczby miejsc",
			"Wpisz tytuł w tym języku albo usuń ten język", "Wpisz link zaczynający się od https://",
			"Koniec: musi być po rozpoczęciu"},
		"ar": {"اكتب عدد الأماكن عددًا صحيحًا، 1 أو أكثر", "اكتب رابطًا يبدأ بـ https://", "النهاية: يجب أن يكون بعد البداية"},
	}
	for lang, wants := range cases {
		t.Run("ActivityForm_"+lang, func(t *testing.T) {
			body := wantPage(t, c.post("/staff/activities?lang="+lang, bad()), 422, lang)
			wantContains(t, body, wants...)
			wantContains(t, body, `id="f-capacity-error"`, `aria-describedby="f-capacity-error"`, `href="#f-capacity"`)
			wantNoValidatorText(t, body)
		})
	}
	t.Run("ActivityFormNotANumber", func(t *testing.T) {
		f := activityForm(7)
		f.Set("capacity", "ten")
		body := wantPage(t, c.post("/staff/activities?lang=pl", f), 422, "pl")
		wantContains(t, body, "Wpisz liczbę miejsc jako liczbę całkowitą, co najmniej 1", `value="ten"`)
	})
	t.Run("InviteForm", func(t *testing.T) {
		form := url.Values{"name": {""}, "email": {"nope"}, "role": {"organiser"}}
		body := wantPage(t, c.post("/staff/users?lang=pl", form), 422, "pl")
		wantContains(t, body, "musi być prawidłowym adresem e-mail", `href="#f-email"`)
		wantNoValidatorText(t, body)
		body = wantPage(t, c.post("/staff/users?lang=en", form), 422, "en")
		wantContains(t, body, "Email address: must be a valid email address")
		wantNoValidatorText(t, body)
	})
}

// TestConsoleTimeZoneChoice: the activity form starts in the
// organisation's time zone and offers zones from a list, Europe's first;
// the admin's organisation form chooses from the same list.
func TestConsoleTimeZoneChoice(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "tz-lib") // Europe/Warsaw
	c := a.consoleLogin(t, "organiser@tz-lib.example.org", "password-organiser")

	t.Run("NewFormHasTheOrganisationsZone", func(t *testing.T) {
		body := wantConsolePage(t, c.get("/staff/activities/new"), 200)
		wantContains(t, body, `<select id="f-tz" name="timezone" required>`, `<option value="Europe/Warsaw" selected>Europe/Warsaw (UTC&#43;0`,
			`<option value="Europe/Lisbon">Europe/Lisbon (UTC`, `<option value="Europe/Isle_of_Man">Europe/Isle of Man (UTC`)
		if strings.Index(body, `value="Europe/Amsterdam"`) > strings.Index(body, `value="America/New_York"`) {
			t.Error("Europe's zones do not come first")
		}
		if strings.Contains(body, `<input type="text" id="f-tz"`) {
			t.Error("the time zone is still typed")
		}
	})
	t.Run("ChosenZoneIsSaved", func(t *testing.T) {
		f := activityForm(7)
		f.Set("timezone", "Europe/Lisbon")
		id := c.createByForm(f)
		var got activityJSON
		a.must(200, "GET", "/api/v1/activities/"+id, nil, bearer(org.Organiser)...).JSON(t, &got)
		lisbon, _ := time.LoadLocation("Europe/Lisbon")
		if got.Timezone != "Europe/Lisbon" || got.StartsAt.In(lisbon).Format("15:04") != "18:00" {
			t.Fatalf("saved %s at %v", got.Timezone, got.StartsAt)
		}
		body := wantConsolePage(t, c.get("/staff/activities/"+id+"/edit"), 200)
		wantContains(t, body, `<option value="Europe/Lisbon" selected>`)
	})
	t.Run("ErrUnknownZone", func(t *testing.T) {
		f := activityForm(7)
		f.Set("timezone", "Mars/Base")
		body := wantPage(t, c.post("/staff/activities?lang=pl", f), 422, "pl")
		wantContains(t, body, "Wybierz strefę czasową z listy", `href="#f-tz"`, `<option value="">Wybierz…</option>`)
	})
	t.Run("AdminOrganisationForm", func(t *testing.T) {
		admin := a.consoleLogin(t, testAdminEmail, testAdminPassword)
		body := wantConsolePage(t, admin.get("/staff/organisations"), 200)
		wantContains(t, body, `<select id="f-tz" name="timezone" required>`, `<option value="Europe/Vilnius">Europe/Vilnius (UTC`)
		form := url.Values{"name": {"Vilniaus biblioteka"}, "slug": {"vilnius"}, "country": {"lt"},
			"timezone": {"Europe/Vilnius"}, "default_language": {"lt"}}
		wantRedirect(t, admin.post("/staff/organisations", form))
		body = wantConsolePage(t, admin.get("/staff/activities/new?organisation=vilnius"), 200)
		wantContains(t, body, `<option value="Europe/Vilnius" selected>`)
	})
}

// TestConsoleActivityShowsVenueNotes: the staff page of an activity shows
// the venue's accessibility note in the librarian's language (marked with
// its language) and the online link, which the public never sees.
func TestConsoleActivityShowsVenueNotes(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "venue-lib")
	var act struct {
		ID string `json:"id"`
	}
	a.must(201, "POST", "/api/v1/activities", activityBody(5, map[string]any{"venue": map[string]any{
		"name": "Main library", "online_url": "https://meet.example.org/cafe",
		"accessibility": map[string]string{"en": "Step-free entrance from the park", "pl": "Wejście bez schodów od parku"}}}),
		bearer(org.Organiser)...).JSON(t, &act)
	c := a.consoleLogin(t, "organiser@venue-lib.example.org", "password-organiser")
	t.Run("OK", func(t *testing.T) {
		body := wantConsolePage(t, c.get("/staff/activities/"+act.ID+"?lang=en"), 200)
		wantContains(t, body, "<dt>Accessibility</dt>", `<dd id="accessibility" lang="en" dir="ltr">Step-free entrance from the park</dd>`,
			"<dt>Online link</dt>", `<dd id="online-link"><a href="https://meet.example.org/cafe" dir="ltr" rel="noreferrer noopener">`)
		body = wantPage(t, c.get("/staff/activities/"+act.ID+"?lang=pl"), 200, "pl")
		wantContains(t, body, `<dd id="accessibility" lang="pl" dir="ltr">Wejście bez schodów od parku</dd>`, "<dt>Link online</dt>")
		body = wantPage(t, c.get("/staff/activities/"+act.ID+"?lang=ar"), 200, "ar")
		wantContains(t, body, `lang="pl" dir="ltr">Wejście bez schodów od parku</dd>`) // the organisation's default
	})
	t.Run("NoNotes", func(t *testing.T) {
		plain := a.publishedActivity(t, org.Organiser, activityBody(6, map[string]any{"venue": map[string]string{"name": "Hall"}}))
		body := wantConsolePage(t, c.get("/staff/activities/"+plain.ID+"?lang=en"), 200)
		if strings.Contains(body, `id="accessibility"`) || strings.Contains(body, `id="online-link"`) {
			t.Error("empty notes are shown")
		}
	})
}

// TestConsoleMessagePreviewMarkdown: the preview of a Markdown message
// shows it rendered as its emails will carry it, raw HTML dropped; the
// form keeps the text as typed.
func TestConsoleMessagePreviewMarkdown(t *testing.T) {
	mb, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "100ms"})
	org := a.newOrg(t, a.adminToken(t), "md-lib")
	id := a.publishedActivity(t, org.Organiser, activityBody(3, nil)).ID
	a.signUp(t, id, signupBody("olena@example.org", map[string]any{"language": "en"}))
	mb.waitAll(t, a, 1)
	c := a.consoleLogin(t, "organiser@md-lib.example.org", "password-organiser")
	path := "/staff/activities/" + id + "/message"
	md := "**Bring** a [cup](https://example.org/cup)\n\n<script>alert(1)</script>\n\n- tea\n- coffee"
	form := url.Values{"audience": {"confirmed"}, "format": {"markdown"}, "text_rows": {"1"}, "action": {"preview"},
		"m.0.lang": {"en"}, "m.0.subject": {"Cups"}, "m.0.body": {md}}
	rendered := []string{`<strong>Bring</strong> a <a href="https://example.org/cup">cup</a>`, "<li>tea</li>", "<li>coffee</li>"}

	t.Run("Markdown", func(t *testing.T) {
		body := wantConsolePage(t, c.post(path, form), 200)
		wantContains(t, body, rendered...)
		wantContains(t, body, `<div class="rendered">`, `name="m.0.body" value="**Bring** a [cup](https://example.org/cup)`)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "**Bring**</") {
			t.Error("the preview passes raw HTML or shows the Markdown unrendered")
		}
	})
	t.Run("PlainText", func(t *testing.T) {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("format", "text")
		f.Set("m.0.body", "Line one\nLine <two>")
		body := wantConsolePage(t, c.post(path, f), 200)
		wantContains(t, body, "<p>Line one<br>\nLine &lt;two&gt;</p>")
	})
	t.Run("SameAsTheEmail", func(t *testing.T) {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("action", "send")
		wantRedirect(t, c.post(path, f))
		got := to(mb.waitAll(t, a, 2), "olena@example.org")
		html := got[len(got)-1].Parts["text/html"]
		for _, r := range rendered {
			if !strings.Contains(html, r) {
				t.Errorf("the email lacks %q, which the preview showed:\n%s", r, html)
			}
		}
	})
}
