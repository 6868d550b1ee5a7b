package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSeries checks the pages of a series signup in a real
// browser: the activity page offering every date, the series manage page
// (in Arabic on a 320 px phone above all), skipping a date with its
// button, the leave confirmation, and the staff roster; axe finds
// nothing and nothing scrolls sideways but the roster's own table.
func TestBrowserSeries(t *testing.T) {
	kit := needBrowser(t)
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "series-axe")
	dates := seriesOf(t, a, org, 3)
	series := *dates[0].SeriesID
	// The second date is full, so the person waits there.
	for _, email := range []string{"x@fill.example.org", "y@fill.example.org"} {
		a.signUp(t, dates[1].ID, signupBody(email, nil))
	}
	var got seriesSignupJSON
	a.must(201, "POST", "/api/v1/series/"+series+"/signups", signupBody("amal@example.org",
		map[string]any{"name": "أمل حداد", "language": "ar"})).JSON(t, &got)
	token := got.ManageToken
	ctx := newBrowser(t, kit)

	skipFirst := chromedp.Steps(
		chromedp.Click(chromedp.CSS(`form[action$="/occurrences/`+dates[0].ID+`/skip"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	pages := []axePage{
		{"activity-series", "/activities/" + dates[0].ID, nil},
		{"series-manage", "/signups/" + token + "?done=signup", nil},
		{"series-leave", "/signups/" + token + "/cancel", nil},
	}
	for _, width := range []int{320, 1280} {
		for _, p := range pages {
			checkPageAt(t, ctx, kit, a.URL, p, "ar", width)
		}
	}
	checkPageAt(t, ctx, kit, a.URL, axePage{"series-manage-en", "/signups/" + token, nil}, "en", 320)
	checkPageAt(t, ctx, kit, a.URL, axePage{"series-skip", "/signups/" + token, skipFirst}, "ar", 320)
	if notice := textOf(t, ctx, ".notice"); !strings.Contains(notice, "لقد تخطّيت هذا الموعد.") {
		t.Fatalf("notice after the skip: %q", notice)
	}
	if n := get(t, ctx, "rejoin buttons", chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/rejoin"]').length`)); n != 1 {
		t.Fatalf("%d rejoin buttons after skipping one date, want 1", n)
	}

	run(t, ctx, "phone", viewport(320))
	browserLogin(t, ctx, a, "organiser@series-axe.example.org", "password-organiser")
	for _, lang := range []string{"en", "ar"} {
		run(t, ctx, "roster "+lang, chromedp.Navigate(a.URL+"/staff/series/"+series+"?lang="+lang),
			chromedp.WaitVisible(chromedp.CSS(`table`)))
		res := runAxe(t, ctx, kit, "roster "+lang)
		for _, v := range res.Violations {
			t.Errorf("roster %s: axe %s (%s): %s\n    %s", lang, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
		}
		// The table scrolls inside its region; the page does not.
		if get(t, ctx, "roster width", chromedp.Evaluate[bool](
			`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
			t.Errorf("roster %s: the page scrolls sideways at 320 px", lang)
		}
	}
}
