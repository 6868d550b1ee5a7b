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
