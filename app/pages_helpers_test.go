package main

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// page GETs a page as a browser would (Accept: text/html); headers are
// name, value pairs.
func (a *testApp) page(t testing.TB, path string, headers ...string) *response {
	t.Helper()
	return a.send(t, "GET", path, nil, append([]string{"Accept", "text/html,application/xhtml+xml"}, headers...)...)
}

// postForm posts an HTML form (application/x-www-form-urlencoded) as a
// browser on this site would, with its Origin header unless headers set
// one.
func (a *testApp) postForm(t testing.TB, path string, form url.Values, headers ...string) *response {
	t.Helper()
	h := []string{"Accept", "text/html", "Content-Type", "application/x-www-form-urlencoded", "Origin", a.URL}
	return a.send(t, "POST", path, strings.NewReader(form.Encode()), append(h, headers...)...)
}

func (a *testApp) send(t testing.TB, method, path string, body io.Reader, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(method, a.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	return a.roundTrip(req, headers)
}

// wantPage fails unless r is an HTML page with the status, in lang, with
// the security headers every page carries and a weight well under 60 kB.
func wantPage(t testing.TB, r *response, status int, lang string) string {
	t.Helper()
	body := string(r.Body)
	if r.Status != status {
		t.Fatalf("status %d, want %d; body:\n%.3000s", r.Status, status, body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("Content-Type %q, want text/html", ct)
	}
	dir := "ltr"
	if lang == "ar" {
		dir = "rtl"
	}
	if want := `<html lang="` + lang + `" dir="` + dir + `">`; !strings.Contains(body, want) {
		t.Fatalf("page lacks %s:\n%.500s", want, body)
	}
	csp := r.Header.Get("Content-Security-Policy")
	if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("Content-Security-Policy %q", csp)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") == "" {
		t.Fatalf("missing nosniff or Referrer-Policy: %v", r.Header)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
		t.Fatal("page has inline script or style, which the CSP forbids")
	}
	if len(r.Body) > 60_000 {
		t.Fatalf("page weighs %d bytes, want well under 60 kB", len(r.Body))
	}
	return body
}

// wantPrivate fails unless r is marked not to be cached nor indexed.
func wantPrivate(t testing.TB, r *response) {
	t.Helper()
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q, want no-store", cc)
	}
	if !strings.Contains(r.Header.Get("X-Robots-Tag"), "noindex") ||
		!strings.Contains(string(r.Body), `<meta name="robots" content="noindex, nofollow">`) {
		t.Fatalf("manage page not marked noindex: %v", r.Header)
	}
}

// wantRedirect fails unless r is a 303 and returns its Location.
func wantRedirect(t testing.TB, r *response) string {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303; body:\n%.3000s", r.Status, r.Body)
	}
	return r.Header.Get("Location")
}

var manageLocation = regexp.MustCompile(`^/signups/([A-Za-z0-9_-]{43})\?done=signup$`)

// signUpByForm posts a valid signup form and returns the manage token.
func (a *testApp) signUpByForm(t testing.TB, activityID string, form url.Values) string {
	t.Helper()
	loc := wantRedirect(t, a.postForm(t, "/activities/"+activityID+"/signup", form))
	m := manageLocation.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("redirect to %q, want /signups/<token>?done=signup", loc)
	}
	return m[1]
}

// validForm is a signup form that the activity of pageFixture accepts.
func validForm(email string) url.Values {
	return url.Values{"name": {"Amal Haddad"}, "email": {email}, "party_size": {"2"}, "language": {"ar"},
		"q.diet": {"halal"}, "q.first": {"yes"}, "consent": {"yes"}, "website": {""}}
}

// pageFixture publishes an activity whose form has every kind of
// question, and returns its id.
func pageFixture(t testing.TB, a *testApp, slug string, days int, over map[string]any) string {
	t.Helper()
	org := a.newOrg(t, a.adminToken(t), slug)
	body := map[string]any{
		"title":          map[string]string{"en": "Language café", "pl": "Kawiarenka językowa", "ar": "مقهى اللغات"},
		"description":    map[string]string{"en": "Talk, drink tea, make friends."},
		"max_party_size": 3,
		"questions": []map[string]any{
			{"id": "diet", "type": "choice", "label": map[string]string{"en": "Diet", "ar": "النظام الغذائي"},
				"required": true, "options": []string{"none", "vegetarian", "halal"}},
			{"id": "first", "type": "boolean", "label": map[string]string{"en": "Is it your first time?"}},
			{"id": "note", "type": "text", "label": map[string]string{"en": "Anything we should know?"}},
		},
	}
	for k, v := range over {
		body[k] = v
	}
	return a.publishedActivity(t, org.Organiser, activityBody(days, body)).ID
}
