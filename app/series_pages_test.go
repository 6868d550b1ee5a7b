package main

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var seriesManageLocation = regexp.MustCompile(`^/signups/([A-Za-z0-9_-]{43})\?done=signup$`)

func seriesForm(email string) url.Values {
	return url.Values{"name": {"Amal Haddad"}, "email": {email}, "language": {"ar"}, "consent": {"yes"}, "website": {""}}
}

// signUpSeriesByForm signs up for every date from the activity page's
// form and returns the manage token.
func (a *testApp) signUpSeriesByForm(t testing.TB, activityID string, form url.Values) string {
	t.Helper()
	loc := wantRedirect(t, a.postForm(t, "/activities/"+activityID+"/series-signup", form))
	m := seriesManageLocation.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("redirect to %q", loc)
	}
	return m[1]
}

func TestSeriesPages(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	dates := seriesOf(t, a, org, 2)

	t.Run("ActivityPageOffersAllDates", func(t *testing.T) {
		body := wantPage(t, a.page(t, "/activities/"+dates[1].ID), 200, "en")
		if !strings.Contains(body, `formaction="/activities/`+dates[1].ID+`/series-signup"`) || !strings.Contains(body, "Sign up for all dates") {
			t.Fatalf("no series signup button:\n%s", body)
		}
		single := a.publishedActivity(t, org.Organiser, activityBody(4, nil))
		if body := wantPage(t, a.page(t, "/activities/"+single.ID), 200, "en"); strings.Contains(body, "series-signup") {
			t.Fatal("an activity in no series offers a series signup")
		}
	})
	t.Run("ErrFormShowsErrors", func(t *testing.T) {
		form := seriesForm("bad@example.org")
		form.Del("consent")
		r := a.postForm(t, "/activities/"+dates[0].ID+"/series-signup", form)
		body := wantPage(t, r, 422, "en")
		if !strings.Contains(body, `href="#f-consent"`) {
			t.Fatalf("no error for consent:\n%s", body)
		}
	})
	t.Run("ManageSkipRejoinLeave", func(t *testing.T) {
		token := a.signUpSeriesByForm(t, dates[0].ID, seriesForm("amal@example.org"))
		r := a.page(t, "/signups/"+token+"?done=signup&lang=ar")
		body := wantPage(t, r, 200, "ar")
		wantPrivate(t, r)
		if n := strings.Count(body, "/skip\""); n != 3 || !strings.Contains(body, "مؤكَّد") {
			t.Fatalf("%d skip buttons, want 3:\n%s", n, body)
		}
		skip := "/signups/" + token + "/occurrences/" + dates[1].ID
		if loc := wantRedirect(t, a.postForm(t, skip+"/skip", nil)); loc != "/signups/"+token+"?done=skip" {
			t.Fatalf("skip redirects to %q", loc)
		}
		body = wantPage(t, a.page(t, "/signups/"+token+"?done=skip"), 200, "en")
		if strings.Count(body, "/skip\"") != 2 || !strings.Contains(body, skip+"/rejoin") || !strings.Contains(body, "Skipped") {
			t.Fatalf("after a skip:\n%s", body)
		}
		wantRedirect(t, a.postForm(t, skip+"/rejoin", nil))
		if body := wantPage(t, a.page(t, "/signups/"+token), 200, "en"); strings.Count(body, "/skip\"") != 3 {
			t.Fatalf("after rejoining:\n%s", body)
		}
		// Posted from another site: refused, nothing changed.
		if r := a.postForm(t, skip+"/skip", nil, "Origin", "https://evil.example"); r.Status != 403 {
			t.Fatalf("cross-site skip: %d", r.Status)
		}
		body = wantPage(t, a.page(t, "/signups/"+token+"/cancel"), 200, "en")
		if !strings.Contains(body, "Leave the series") || !strings.Contains(body, "Keep my dates") {
			t.Fatalf("leave confirmation:\n%s", body)
		}
		if loc := wantRedirect(t, a.postForm(t, "/signups/"+token+"/cancel", nil)); loc != "/signups/"+token+"?done=cancel" {
			t.Fatalf("leave redirects to %q", loc)
		}
		body = wantPage(t, a.page(t, "/signups/"+token+"?done=cancel"), 200, "en")
		if !strings.Contains(body, "You have left this series.") || strings.Contains(body, "/skip\"") || strings.Contains(body, "/rejoin\"") {
			t.Fatalf("after leaving:\n%s", body)
		}
	})
}

func TestSeriesConsole(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "series-console")
	c := a.consoleLogin(t, "organiser@series-console.example.org", "password-organiser")
	src := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 1}))
	wantRedirect(t, c.post("/staff/activities/"+src.ID+"/repeat",
		url.Values{"frequency": {"weekly"}, "count": {"2"}, "series_signup": {"yes"}}))
	act := a.activity(t, org.Organiser, src.ID)
	if act.SeriesID == nil {
		t.Fatal("no series")
	}
	series := *act.SeriesID
	body := wantConsolePage(t, c.get("/staff/activities/"+src.ID), 200)
	if !strings.Contains(body, `href="/staff/series/`+series+`"`) {
		t.Fatalf("the activity page does not link its series roster:\n%s", body)
	}
	if body := wantConsolePage(t, c.get("/staff/series/"+series), 200); !strings.Contains(body, "Nobody has signed up for the whole series yet.") {
		t.Fatalf("empty roster:\n%s", body)
	}
	// The first date is full: the second person waits there.
	for _, email := range []string{"first@example.org", "second@example.org"} {
		a.must(201, "POST", "/api/v1/series/"+series+"/signups", signupBody(email, map[string]any{"name": "Person " + email}))
	}
	body = wantConsolePage(t, c.get("/staff/series/"+series), 200)
	if !strings.Contains(body, `class="table-wrap"`) || strings.Count(body, `<th scope="row">`) != 2 ||
		strings.Count(body, `class="roster-confirmed"`) != 3 || strings.Count(body, `class="roster-waitlisted"`) != 3 {
		t.Fatalf("roster:\n%s", body)
	}
	a.newOrg(t, a.adminToken(t), "series-other")
	oc := a.consoleLogin(t, "organiser@series-other.example.org", "password-organiser")
	if r := oc.get("/staff/series/" + series); r.Status != 403 {
		t.Fatalf("another organisation's staff: %d", r.Status)
	}
}
