package main

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

// moveToPast shifts an activity's dates back by d in the app's database:
// the API refuses to create activities in the past, and the librarian's
// question is about last month's.
func (a *testApp) moveToPast(t testing.TB, activityID string, d time.Duration) {
	t.Helper()
	_, err := a.database(t).ExecContext(t.Context(), `UPDATE activities SET starts_at = starts_at - ?,
		ends_at = ends_at - ?, registration_closes_at = NULL WHERE id = ?`, d.Milliseconds(), d.Milliseconds(), activityID)
	if err != nil {
		t.Fatal(err)
	}
}

var nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

// TestConsoleDashboard: a librarian finds last month's activity under
// "past" and opens its attendees, reaches a draft dated in the past, finds
// by title and narrows by dates, and pages through a long tab.
func TestConsoleDashboard(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "year-lib")
	c := a.consoleLogin(t, "organiser@year-lib.example.org", "password-organiser")
	month := 31 * 24 * time.Hour
	past := a.publishedActivity(t, org.Organiser, activityBody(1, map[string]any{
		"title": map[string]string{"en": "Book club", "pl": "Klub książki"}})).ID
	a.signUp(t, past, signupBody("reader@example.org", nil))
	a.moveToPast(t, past, month)
	draft := a.createActivity(t, org.Organiser, activityBody(1, map[string]any{
		"title": map[string]string{"en": "Forgotten draft"}})).ID
	a.moveToPast(t, draft, 20*24*time.Hour)
	a.publishedActivity(t, org.Organiser, activityBody(2, map[string]any{"title": map[string]string{"en": "Chess evening"}}))

	t.Run("OKPastUnderPastWithItsAttendees", func(t *testing.T) {
		body := wantConsolePage(t, c.get("/staff/"), 200)
		wantContains(t, body, "Chess evening", `aria-current="page">Upcoming`)
		if strings.Contains(body, "Book club") || strings.Contains(body, "Forgotten draft") {
			t.Error("upcoming tab shows a past activity or a draft")
		}
		body = wantConsolePage(t, c.get("/staff/?tab=past"), 200)
		wantContains(t, body, "Book club", `href="/staff/activities/`+past+`/attendees"`)
		if strings.Contains(body, "Chess evening") {
			t.Error("past tab shows an upcoming activity")
		}
		wantContains(t, wantConsolePage(t, c.get("/staff/activities/"+past+"/attendees"), 200), "reader@example.org")
		wantConsolePage(t, c.get("/staff/activities/"+past), 200)
		if r := c.get("/staff/activities/" + past + "/attendees.csv"); r.Status != 200 || !strings.Contains(string(r.Body), "reader@example.org") {
			t.Errorf("CSV of a past activity: %d", r.Status)
		}
	})
	t.Run("OKPastDatedDraftReachable", func(t *testing.T) {
		body := wantConsolePage(t, c.get("/staff/?tab=drafts"), 200)
		wantContains(t, body, "Forgotten draft", `href="/staff/activities/`+draft+`"`)
		wantConsolePage(t, c.get("/staff/activities/"+draft), 200)
	})
	t.Run("OKSearchByTitleAndDates", func(t *testing.T) {
		wantContains(t, wantConsolePage(t, c.get("/staff/?tab=past&q=KSIAZKI"), 200), "Book club")
		body := wantConsolePage(t, c.get("/staff/?tab=past&q=chess"), 200)
		if strings.Contains(body, "Book club") {
			t.Error("search by another title still shows the book club")
		}
		wantContains(t, body, "No activity matches your search.")
		day := func(d int) string { return time.Now().UTC().AddDate(0, 0, d).Format(time.DateOnly) }
		wantContains(t, wantConsolePage(t, c.get("/staff/?tab=past&from="+day(-40)+"&to="+day(-25)), 200), "Book club")
		if body := wantConsolePage(t, c.get("/staff/?tab=past&from="+day(-10)), 200); strings.Contains(body, "Book club") {
			t.Error("the date filter does not narrow")
		}
		// The tabs keep the search.
		wantContains(t, wantConsolePage(t, c.get("/staff/?tab=past&q=draft"), 200),
			`href="/staff/?q=draft&amp;tab=drafts"`)
		wantContains(t, wantConsolePage(t, c.get("/staff/?tab=drafts&q=forgotten"), 200), "Forgotten draft")
	})
	t.Run("OKPages", func(t *testing.T) {
		for range 20 {
			a.createActivity(t, org.Organiser, activityBody(3, map[string]any{"title": map[string]string{"en": "Many drafts"}}))
		}
		body := wantConsolePage(t, c.get("/staff/?tab=drafts"), 200)
		if n := strings.Count(body, `<li class="card">`); n != 20 {
			t.Fatalf("first page holds %d, want 20", n)
		}
		m := nextLink.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no next page")
		}
		body = wantConsolePage(t, c.get(html.UnescapeString(m[1])), 200)
		if n := strings.Count(body, `<li class="card">`); n != 1 || nextLink.MatchString(body) {
			t.Fatalf("second page holds %d (want 1) or links further", n)
		}
		wantContains(t, body, "Many drafts", "First page")
	})
}
