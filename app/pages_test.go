package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func TestPagesList(t *testing.T) {
	a := startApp(t, nil)
	id := pageFixture(t, a, "list-lib", 3, nil)

	t.Run("OK", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/"), 200, "en")
		for _, want := range []string{`href="/activities/` + id + `"`, "Language café", `<a class="skip" href="#main">`,
			`<main id="main"`, `name="kind" value="lunch"`, `<label for="f-language">`} {
			if !strings.Contains(body, want) {
				t.Errorf("list lacks %q", want)
			}
		}
	})
	t.Run("FilterKind", func(t *testing.T) {
		if body := wantPage(t, a.page(t, "/?kind=lunch"), 200, "en"); strings.Contains(body, id) {
			t.Error("kind=lunch shows a language café")
		}
		if body := wantPage(t, a.page(t, "/?kind=language_cafe&language=pl&organisation=list-lib"), 200, "en"); !strings.Contains(body, id) {
			t.Error("matching filters hide the activity")
		}
	})
	t.Run("ErrBadFilter", func(t *testing.T) {
		wantPage(t, a.page(t, "/?kind=nonsense"), 400, "en")
	})
	t.Run("TextInReadersLanguage", func(t *testing.T) {
		if body := wantPage(t, a.page(t, "/?lang=ar"), 200, "ar"); !strings.Contains(body, `<span lang="ar" dir="rtl">مقهى اللغات</span>`) {
			t.Errorf("Arabic title not shown, marked ar/rtl:\n%s", body)
		}
		// No Ukrainian title: the organisation's default language (pl).
		if body := wantPage(t, a.page(t, "/?lang=uk"), 200, "uk"); !strings.Contains(body, `<span lang="pl" dir="ltr">Kawiarenka językowa</span>`) {
			t.Error("fallback to the organisation's language not shown")
		}
	})
	t.Run("Paging", func(t *testing.T) {
		org := a.newOrg(t, a.adminToken(t), "paging-lib")
		for i := 0; i < 21; i++ {
			a.publishedActivity(t, org.Organiser, activityBody(10+i, map[string]any{"kind": "workshop"}))
		}
		first := wantPage(t, a.page(t, "/?kind=workshop"), 200, "en")
		if n := strings.Count(first, `<li class="card">`); n != 20 {
			t.Fatalf("%d cards on the first page, want 20", n)
		}
		i := strings.Index(first, `rel="next"`)
		if i < 0 {
			t.Fatal("no next page link")
		}
		href := first[strings.LastIndex(first[:i], `href="`)+6 : i-2]
		next := wantPage(t, a.page(t, strings.ReplaceAll(href, "&amp;", "&")), 200, "en")
		if n := strings.Count(next, `<li class="card">`); n != 1 {
			t.Fatalf("%d cards on the second page, want 1", n)
		}
		if !strings.Contains(next, `href="/?kind=workshop"`) {
			t.Error("second page has no link back to the first")
		}
	})
}

func TestPagesLanguage(t *testing.T) {
	a := startApp(t, nil)
	t.Run("QueryIsRemembered", func(t *testing.T) {
		r := a.page(t, "/?lang=pl")
		wantPage(t, r, 200, "pl")
		var cookie *http.Cookie
		for _, c := range r.Header.Values("Set-Cookie") {
			if parsed, err := http.ParseSetCookie(c); err == nil && parsed.Name == "lang" {
				cookie = parsed
			}
		}
		if cookie == nil || cookie.Value != "pl" || !cookie.HttpOnly || cookie.MaxAge <= 0 {
			t.Fatalf("lang cookie %+v", cookie)
		}
		wantPage(t, a.page(t, "/", "Cookie", "lang=pl", "Accept-Language", "ru"), 200, "pl")
	})
	t.Run("AcceptLanguage", func(t *testing.T) {
		wantPage(t, a.page(t, "/", "Accept-Language", "uk-UA,uk;q=0.9,en;q=0.5"), 200, "uk")
		wantPage(t, a.page(t, "/", "Accept-Language", "fr-FR"), 200, "en")
	})
	t.Run("ArabicIsRightToLeft", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/?lang=ar"), 200, "ar")
		if !strings.Contains(body, "ابحث عن نشاط") {
			t.Error("Arabic page not translated")
		}
	})
	t.Run("PickerShowsOwnNames", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/?lang=ar"), 200, "ar")
		for _, want := range []string{`lang="uk" hreflang="uk">Українська</a>`, `lang="pl" hreflang="pl">Polski</a>`,
			`lang="ar" hreflang="ar" aria-current="true">العربية</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("picker lacks %s", want)
			}
		}
	})
	t.Run("APIGetsNoCookie", func(t *testing.T) {
		if r := a.must(200, "GET", "/api/v1/activities?lang=pl", nil); r.Header.Get("Set-Cookie") != "" {
			t.Errorf("API answer sets a cookie: %s", r.Header.Get("Set-Cookie"))
		}
	})
	t.Run("EveryLanguageRenders", func(t *testing.T) {
		id := pageFixture(t, a, "every-lang", 3, nil)
		token := a.signUpByForm(t, id, validForm("every@example.org"))
		for _, lang := range models.Languages() {
			for _, path := range []string{"/", "/activities/" + id, "/signups/" + token, "/signups/" + token + "/erase"} {
				body := wantPage(t, a.page(t, path+"?lang="+lang), 200, lang)
				if strings.Contains(body, "{{") || strings.Contains(body, "date.") || strings.Contains(body, "signup.") {
					t.Errorf("%s %s shows an untranslated key or placeholder", lang, path)
				}
			}
		}
	})
}

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
	t.Run("SignUpRedirectsToManagePage", func(t *testing.T) {
		token := a.signUpByForm(t, id, validForm("amal@example.org"))
		r := a.page(t, "/signups/"+token+"?done=signup")
		body := wantPage(t, r, 200, "en")
		wantPrivate(t, r)
		for _, want := range []string{"Thank you, you are signed up!", "Confirmed", "Amal Haddad", "2 people",
			`href="https://meet.example.org/x"`, `action="/signups/` + token + `/cancel"`} {
			if !strings.Contains(body, want) {
				t.Errorf("manage page lacks %q", want)
			}
		}
		wantSeatsTaken(t, a, id, 2)
	})
	t.Run("ErrAlreadyRegistered", func(t *testing.T) {
		r := a.postForm(t, "/activities/"+id+"/signup", validForm("AMAL@example.org"))
		body := wantPage(t, r, 409, "en")
		if !strings.Contains(body, `<a href="#f-email">This email address is already signed up for this activity.</a>`) {
			t.Errorf("no already-registered error on the email field:\n%s", body)
		}
	})
	t.Run("HoneypotStoresNothing", func(t *testing.T) {
		form := validForm("robot@example.org")
		form.Set("website", "http://spam.example")
		wantPage(t, a.postForm(t, "/activities/"+id+"/signup", form), 400, "en")
		wantSeatsTaken(t, a, id, 2)
		a.signUpByForm(t, id, validForm("robot@example.org")) // the address was not taken
	})
	t.Run("ErrCrossOrigin", func(t *testing.T) {
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

func TestPagesManage(t *testing.T) {
	a := startApp(t, nil)
	id := pageFixture(t, a, "manage-lib", 3, map[string]any{"capacity": 2, "max_party_size": 2})
	first := a.signUpByForm(t, id, validForm("first@example.org"))
	second := a.signUpByForm(t, id, validForm("second@example.org"))

	t.Run("Waitlisted", func(t *testing.T) {
		r := a.page(t, "/signups/"+second+"?done=signup&lang=pl")
		body := wantPage(t, r, 200, "pl")
		wantPrivate(t, r)
		for _, want := range []string{"Dziękujemy, jesteś na liście oczekujących.", "Na liście oczekujących",
			"Jesteś na 1. miejscu na liście oczekujących."} {
			if !strings.Contains(body, want) {
				t.Errorf("waitlisted page lacks %q", want)
			}
		}
		if strings.Contains(body, "meet.example.org") {
			t.Error("a waitlisted attendee sees the online link")
		}
	})
	t.Run("FullActivityOffersWaitingList", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/"+id), 200, "en")
		if !strings.Contains(body, "Join the waiting list") || !strings.Contains(body, "1 person on the waiting list") {
			t.Errorf("full activity page does not offer the waiting list:\n%s", body)
		}
	})
	t.Run("CancelRedirects", func(t *testing.T) {
		loc := wantRedirect(t, a.postForm(t, "/signups/"+first+"/cancel", nil))
		if loc != "/signups/"+first+"?done=cancel" {
			t.Fatalf("redirect to %q", loc)
		}
		body := wantPage(t, a.page(t, loc), 200, "en")
		if !strings.Contains(body, "Your registration is cancelled.") || strings.Contains(body, "/cancel\"") {
			t.Errorf("cancelled page wrong:\n%s", body)
		}
		// The waiting signup moved up into the freed seats.
		if body := wantPage(t, a.page(t, "/signups/"+second), 200, "en"); !strings.Contains(body, "Confirmed") {
			t.Error("the waiting signup was not confirmed after the cancellation")
		}
		wantRedirect(t, a.postForm(t, "/signups/"+first+"/cancel", nil)) // again: fine
	})
	t.Run("ErrCancelCrossOrigin", func(t *testing.T) {
		wantPage(t, a.postForm(t, "/signups/"+second+"/cancel", nil, "Origin", "https://evil.example"), 403, "en")
		if body := wantPage(t, a.page(t, "/signups/"+second), 200, "en"); !strings.Contains(body, "Confirmed") {
			t.Error("a cross-origin post cancelled the signup")
		}
	})
	t.Run("EraseAsksFirst", func(t *testing.T) {
		r := a.page(t, "/signups/"+second+"/erase?lang=ar")
		body := wantPage(t, r, 200, "ar")
		wantPrivate(t, r)
		if !strings.Contains(body, `action="/signups/`+second+`/erase"`) || !strings.Contains(body, "نعم، احذف بياناتي") {
			t.Errorf("no confirmation form:\n%s", body)
		}
		if body := wantPage(t, a.page(t, "/signups/"+second), 200, "en"); !strings.Contains(body, "Amal Haddad") {
			t.Error("showing the confirmation erased something")
		}
	})
	t.Run("Erase", func(t *testing.T) {
		loc := wantRedirect(t, a.postForm(t, "/signups/"+second+"/erase", nil))
		if loc != "/?done=erased" {
			t.Fatalf("redirect to %q", loc)
		}
		if body := wantPage(t, a.page(t, loc), 200, "en"); !strings.Contains(body, "Your data has been erased.") {
			t.Error("no erased notice")
		}
		wantPage(t, a.page(t, "/signups/"+second), 404, "en")
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		r := a.page(t, "/signups/"+strings.Repeat("x", 43))
		wantPage(t, r, 404, "en")
		wantPrivate(t, r)
	})
}

func TestPagesRateLimit(t *testing.T) {
	a := startApp(t, map[string]string{"SIGNUP_RATE_PER_MINUTE": "1"})
	id := pageFixture(t, a, "rate-lib", 3, nil)
	a.signUpByForm(t, id, validForm("one@example.org"))
	r := a.postForm(t, "/activities/"+id+"/signup", validForm("two@example.org"))
	body := wantPage(t, r, 429, "en")
	if r.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if !strings.Contains(body, "Too many requests") || !strings.Contains(body, `value="two@example.org"`) {
		t.Errorf("rate-limited form not shown again with what was typed:\n%s", body)
	}
	wantSeatsTaken(t, a, id, 2)
}

func TestPagesStatic(t *testing.T) {
	a := startApp(t, nil)
	t.Run("OK", func(t *testing.T) {
		r := a.send(t, "GET", "/static/site.css", nil)
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") ||
			!strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Fatalf("site.css: %d %v", r.Status, r.Header)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Error("static files lack nosniff")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, p := range []string{"/static/nope.css", "/static/..%2fweb.go", "/static/site.exe"} {
			if r := a.send(t, "GET", p, nil); r.Status != 404 {
				t.Errorf("%s: status %d", p, r.Status)
			}
		}
	})
	t.Run("PagesLinkVersionedAssets", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/"), 200, "en")
		if !strings.Contains(body, `<link rel="stylesheet" href="/static/site.css?v=`) {
			t.Error("the stylesheet link has no version")
		}
	})
}

// TestPagesFormWithoutOrigin checks that a browser that sends neither
// Origin nor Referer can still sign up.
func TestPagesFormWithoutOrigin(t *testing.T) {
	a := startApp(t, nil)
	id := pageFixture(t, a, "noorigin-lib", 3, nil)
	r := a.send(t, "POST", "/activities/"+id+"/signup", strings.NewReader(validForm("x@example.org").Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	wantRedirect(t, r)
	r = a.send(t, "POST", "/activities/"+id+"/signup", strings.NewReader(validForm("y@example.org").Encode()),
		"Content-Type", "application/x-www-form-urlencoded", "Referer", a.URL+"/activities/"+id)
	wantRedirect(t, r)
}
