package main

import (
	"net/url"
	"regexp"
	"testing"
	"time"
)

// certificateJSON is what GET /api/v1/certificates/{code} answers.
type certificateJSON struct {
	Valid        bool              `json:"valid"`
	Activity     map[string]string `json:"activity"`
	Organisation string            `json:"organisation"`
	Dates        []struct {
		StartsAt time.Time `json:"starts_at"`
		EndsAt   time.Time `json:"ends_at"`
	} `json:"dates"`
	Hours float64 `json:"hours"`
}

// certificateCode finds the verification code printed on a certificate
// page.
var certificateCode = regexp.MustCompile(`class="cert-code" dir="ltr">([0-9A-Z]{5}-[0-9A-Z]{5})<`)

// attendedSignup signs name up (in lang) for a new activity of org that
// starts in three days, checks them in, and moves the activity into the
// past (it ended two hours ago). It returns the activity id and the
// signup.
func (a *testApp) attendedSignup(t testing.TB, org testOrg, email, name, lang string) (string, signupJSON) {
	t.Helper()
	act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
	su := a.signUp(t, act.ID, signupBody(email, map[string]any{"name": name, "language": lang}))
	a.must(200, "PATCH", "/api/v1/signups/"+su.ID, map[string]string{"status": "attended"}, bearer(org.Organiser)...)
	a.endActivity(t, org.Organiser, act.ID, 3*time.Hour)
	return act.ID, su
}

// openCertificate opens a signup's certificate page (issuing it) and
// returns the code printed on it.
func (a *testApp) openCertificate(t testing.TB, token string, lang string) (code, body string) {
	t.Helper()
	body = wantPage(t, a.page(t, "/signups/"+token+"/certificate?lang="+lang), 200, lang)
	m := certificateCode.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no verification code on the certificate page:\n%.3000s", body)
	}
	return m[1], body
}

// verify asks the API whether code and name match a valid certificate.
func (a *testApp) verify(code, name string) *response {
	return a.do("GET", "/api/v1/certificates/"+url.PathEscape(code)+"?name="+url.QueryEscape(name), nil)
}

// wantVerifies fails unless code and name verify, and returns what the
// certificate says.
func (a *testApp) wantVerifies(t testing.TB, code, name string) certificateJSON {
	t.Helper()
	r := a.verify(code, name)
	if r.Status != 200 {
		t.Fatalf("certificate %s with name %q: status %d, want 200; body %s", code, name, r.Status, r.Body)
	}
	var c certificateJSON
	r.JSON(t, &c)
	if !c.Valid {
		t.Fatalf("certificate %s: valid false: %s", code, r.Body)
	}
	return c
}

// wantNotVerified fails unless code and name get the same 404 as any
// certificate that does not exist.
func (a *testApp) wantNotVerified(t testing.TB, code, name string) {
	t.Helper()
	wantError(t, a.verify(code, name), 404, "not_found")
}
