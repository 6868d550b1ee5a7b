package main

import (
	"strings"
	"testing"
	"time"
)

func TestPagesActivity(t *testing.T) {
	a := startApp(t, nil)
	id := pageFixture(t, a, "act-lib", 3, nil)

	t.Run("OK", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/"+id), 200, "en")
		for _, want := range []string{"Language café", "Main library", "Rynek 1", "Local time (Europe/Warsaw)", "18:00",
			`action="/activities/` + id + `/signup"`, `name="q.diet" value="halal"`, `name="q.first" value="yes"`,
			`name="q.note"`, `name="website"`, `<option value="3">3</option>`, "10 places left"} {
			if !strings.Contains(body, want) {
				t.Errorf("activity page lacks %q", want)
			}
		}
		if strings.Contains(body, "meet.example.org") {
			t.Error("the public page shows the online link")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/nosuchactivity?lang=pl"), 404, "pl")
		if !strings.Contains(body, "Nie znaleziono strony") {
			t.Error("404 page not in Polish")
		}
	})
	t.Run("ErrorRerendersWithTypedValues", func(t *testing.T) {
		form := validForm("not-an-email")
		form.Set("name", `Amal <b>"Haddad"</b>`)
		form.Del("consent")
		form.Del("q.diet")
		form.Set("q.note", "I use a wheelchair")
		r := a.postForm(t, "/activities/"+id+"/signup", form)
		body := wantPage(t, r, 422, "en")
		for _, want := range []string{
			`<title>Error: Language café – Agora</title>`,
			`<div class="errors" role="alert"`,
			`<a href="#f-email">Enter an email address like name@example.org</a>`,
			`<a href="#f-q-0">Diet: Choose one of the answers</a>`,
			`<a href="#f-consent">`,
			`value="Amal &lt;b&gt;&#34;Haddad&#34;&lt;/b&gt;"`,
			`value="not-an-email" autocomplete="email" required maxlength="254" aria-invalid="true" aria-describedby="f-email-hint f-email-error"`,
			`<p class="error-msg" id="f-email-error">`,
			`<fieldset aria-describedby="f-q-0-error">`,
			`value="I use a wheelchair"`,
			`name="q.first" value="yes" checked`,
			`<option value="2" selected>2</option>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("re-rendered form lacks %s", want)
			}
		}
		if strings.Contains(body, `id="f-name-error"`) {
			t.Error("a valid name is marked as an error")
		}
		wantSeatsTaken(t, a, id, 0)
	})
	// The subtests below that sign up each use their own activity, so that
	// the shared one stays as OK and ErrorRerendersWithTypedValues expect
	// whatever ran before.
	t.Run("SignUpRedirectsToManagePage", func(t *testing.T) {
		id := pageFixture(t, a, "act-redirect", 3, nil)
		token := a.signUpByForm(t, id, validForm("amal@example.org"))
		r := a.page(t, "/signups/"+token+"?done=signup")
		body := wantPage(t, r, 200, "en")
		wantPrivate(t, r)
		for _, want := range []string{"Thank you, you are signed up!", "Confirmed", "Amal Haddad", "2 people",
			`href="https://meet.example.org/x"`, `href="/signups/` + token + `/cancel"`} {
			if !strings.Contains(body, want) {
				t.Errorf("manage page lacks %q", want)
			}
		}
		wantSeatsTaken(t, a, id, 2)
	})
	t.Run("ErrAlreadyRegistered", func(t *testing.T) {
		id := pageFixture(t, a, "act-again", 3, nil)
		a.signUpByForm(t, id, validForm("amal@example.org"))
		r := a.postForm(t, "/activities/"+id+"/signup", validForm("AMAL@example.org"))
		body := wantPage(t, r, 409, "en")
		if !strings.Contains(body, `<a href="#f-email">This email address is already signed up for this activity.</a>`) {
			t.Errorf("no already-registered error on the email field:\n%s", body)
		}
	})
	t.Run("HoneypotStoresNothing", func(t *testing.T) {
		form := validForm("robot@example.org")
		form.Set("website", "http://spam.example")
		id := pageFixture(t, a, "act-honeypot", 3, nil)
		wantPage(t, a.postForm(t, "/activities/"+id+"/signup", form), 400, "en")
		wantSeatsTaken(t, a, id, 0)
		a.signUpByForm(t, id, validForm("robot@example.org")) // the address was not taken
	})
	t.Run("ErrCrossOrigin", func(t *testing.T) {
		id := pageFixture(t, a, "act-origin", 3, nil)
		r := a.postForm(t, "/activities/"+id+"/signup", validForm("victim@example.org"), "Origin", "https://evil.example")
		wantPage(t, r, 403, "en")
		r = a.postForm(t, "/activities/"+id+"/signup", validForm("victim@example.org"), "Origin", "null")
		wantPage(t, r, 403, "en")
		a.signUpByForm(t, id, validForm("victim@example.org")) // nothing was stored
	})
}

func TestPagesRegistrationWindow(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "window-lib")
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("NotYetOpen", func(t *testing.T) {
		opens := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
		act := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{
			"registration_opens_at": opens.Format(time.RFC3339)}))
		body := wantPage(t, a.page(t, "/activities/"+act.ID), 200, "en")
		if want := " at " + opens.In(warsaw).Format("15:04") + "."; !strings.Contains(body, "Registration opens on ") ||
			!strings.Contains(body, want) {
			t.Errorf("no opening time shown:\n%s", body)
		}
		if strings.Contains(body, `action="/activities/`+act.ID+`/signup"`) {
			t.Error("the form is shown before registration opens")
		}
	})
	t.Run("ClosesBeforeStart", func(t *testing.T) {
		closes := time.Now().Add(48 * time.Hour)
		act := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{
			"registration_closes_at": closes.Format(time.RFC3339)}))
		body := wantPage(t, a.page(t, "/activities/"+act.ID), 200, "en")
		if !strings.Contains(body, "Sign up by ") {
			t.Errorf("no closing time shown:\n%s", body)
		}
	})
}

// wantSeatsTaken fails unless the activity has n seats taken.
func wantSeatsTaken(t testing.TB, a *testApp, id string, n int) {
	t.Helper()
	var act activityJSON
	a.must(200, "GET", "/api/v1/activities/"+id, nil).JSON(t, &act)
	if act.SeatsTaken != n {
		t.Fatalf("seats_taken %d, want %d", act.SeatsTaken, n)
	}
}
