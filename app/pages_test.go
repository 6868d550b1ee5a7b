package main

import (
	"net/http"
	"strings"
	"testing"

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
