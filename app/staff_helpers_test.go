package main

import (
	"fmt"
	"testing"
	"time"
)

// loginToken logs a staff user in and returns the bearer token.
func (a *testApp) loginToken(t testing.TB, email, password string) string {
	t.Helper()
	r := a.must(200, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	var out struct {
		Token string `json:"token"`
	}
	r.JSON(t, &out)
	if out.Token == "" {
		t.Fatalf("no token in %s", r.Body)
	}
	return out.Token
}

// adminToken logs in the first admin.
func (a *testApp) adminToken(t testing.TB) string {
	t.Helper()
	return a.loginToken(t, testAdminEmail, testAdminPassword)
}

// testOrg is an organisation with a logged-in manager and organiser.
type testOrg struct {
	ID, Slug           string
	Manager, Organiser string // bearer tokens
}

// newOrg creates an organisation (as admin) with a manager and an
// organiser, and logs both in.
func (a *testApp) newOrg(t testing.TB, admin, slug string) testOrg {
	t.Helper()
	r := a.must(201, "POST", "/api/v1/organisations", map[string]string{"name": "Library " + slug, "slug": slug,
		"country": "PL", "timezone": "Europe/Warsaw", "default_language": "pl"}, bearer(admin)...)
	var o struct {
		ID string `json:"id"`
	}
	r.JSON(t, &o)
	org := testOrg{ID: o.ID, Slug: slug}
	for _, role := range []string{"manager", "organiser"} {
		email := fmt.Sprintf("%s@%s.example.org", role, slug)
		a.must(201, "POST", "/api/v1/organisations/"+o.ID+"/users", map[string]string{"email": email,
			"name": role + " of " + slug, "role": role, "password": "password-" + role}, bearer(admin)...)
		tok := a.loginToken(t, email, "password-"+role)
		if role == "manager" {
			org.Manager = tok
		} else {
			org.Organiser = tok
		}
	}
	return org
}

// activityJSON is the activity object of the API, as tests read it.
type activityJSON struct {
	ID             string            `json:"id"`
	OrganisationID string            `json:"organisation_id"`
	Kind           string            `json:"kind"`
	Title          map[string]string `json:"title"`
	Languages      []string          `json:"languages"`
	StartsAt       time.Time         `json:"starts_at"`
	EndsAt         time.Time         `json:"ends_at"`
	Timezone       string            `json:"timezone"`
	Venue          map[string]string `json:"venue"`
	Capacity       int               `json:"capacity"`
	MaxPartySize   int               `json:"max_party_size"`
	Waitlist       bool              `json:"waitlist"`
	Status         string            `json:"status"`
	SeatsTaken     int               `json:"seats_taken"`
	SeatsLeft      int               `json:"seats_left"`
	WaitlistCount  int               `json:"waitlist_count"`
	SeriesID       *string           `json:"series_id"`
	CancelReason   map[string]string `json:"cancel_reason"`
	// The place offers' settings.
	WaitlistMode     string  `json:"waitlist_mode"`
	OfferHours       float64 `json:"offer_hours"`
	OfferCutoffHours float64 `json:"offer_cutoff_hours"`
}

// activityPage is a page of the activity list.
type activityPage struct {
	Items      []activityJSON `json:"items"`
	NextCursor *string        `json:"next_cursor"`
}

// activityBody is a valid creation body starting in days from now at
// 18:00 Warsaw time, with fields replaced by over.
func activityBody(days int, over map[string]any) map[string]any {
	loc, _ := time.LoadLocation("Europe/Warsaw")
	d := time.Now().In(loc).AddDate(0, 0, days)
	start := time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, loc)
	b := map[string]any{
		"kind":      "language_cafe",
		"title":     map[string]string{"en": "Language café", "pl": "Kawiarenka językowa"},
		"languages": []string{"en", "pl"},
		"starts_at": start.Format(time.RFC3339),
		"ends_at":   start.Add(2 * time.Hour).Format(time.RFC3339),
		"venue":     map[string]string{"name": "Main library", "address": "Rynek 1", "online_url": "https://meet.example.org/x"},
		"capacity":  10,
	}
	for k, v := range over {
		if v == nil {
			delete(b, k)
			continue
		}
		b[k] = v
	}
	return b
}

// createActivity creates an activity with token and returns it.
func (a *testApp) createActivity(t testing.TB, token string, body map[string]any) activityJSON {
	t.Helper()
	var out activityJSON
	a.must(201, "POST", "/api/v1/activities", body, bearer(token)...).JSON(t, &out)
	return out
}

// publishedActivity creates and publishes an activity.
func (a *testApp) publishedActivity(t testing.TB, token string, body map[string]any) activityJSON {
	t.Helper()
	act := a.createActivity(t, token, body)
	var out activityJSON
	a.must(200, "POST", "/api/v1/activities/"+act.ID+"/publish", nil, bearer(token)...).JSON(t, &out)
	return out
}

// wantError fails unless r has the status and error code.
func wantError(t testing.TB, r *response, status int, code string) {
	t.Helper()
	if r.Status != status || r.ErrorCode() != code {
		t.Fatalf("want %d %s, got %d: %s", status, code, r.Status, r.Body)
	}
}

// fieldErrors returns the fields of a validation error body.
func fieldErrors(t testing.TB, r *response) map[string]string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.JSON(t, &e)
	return e.Error.Fields
}
