package main

import (
	"strings"
	"testing"
	"time"
)

type figuresJSON struct {
	Kind       string `json:"kind"`
	Activities int    `json:"activities"`
	Signups    int    `json:"signups"`
	People     int    `json:"people"`
	Attended   int    `json:"attended"`
	NoShow     int    `json:"no_show"`
}

type reportJSON struct {
	Rows   []figuresJSON `json:"rows"`
	Totals figuresJSON   `json:"totals"`
}

// reportFixture makes, in the next ten days, a language café with an
// attended party of 2 (then erased), a no-show and a cancelled signup, and
// a lunch with a confirmed party of 3 and one waiting; and outside the
// figures: a draft, a cancelled activity, one in two months, and another
// organisation's. It returns the organisation and the other one.
func reportFixture(t *testing.T, a *testApp) (testOrg, testOrg) {
	t.Helper()
	admin := a.adminToken(t)
	org, other := a.newOrg(t, admin, "report-lib"), a.newOrg(t, admin, "other-lib")
	cafe := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"max_party_size": 3})).ID
	lunch := a.publishedActivity(t, org.Organiser, activityBody(4, map[string]any{"kind": "lunch", "capacity": 3,
		"max_party_size": 3})).ID
	attended := a.signUp(t, cafe, signupBody("a@example.org", map[string]any{"party_size": 2}))
	noShow := a.signUp(t, cafe, signupBody("b@example.org", nil))
	gone := a.signUp(t, cafe, signupBody("c@example.org", nil))
	a.must(200, "PATCH", "/api/v1/signups/"+attended.ID, map[string]string{"status": "attended"}, bearer(org.Organiser)...)
	a.must(200, "PATCH", "/api/v1/signups/"+noShow.ID, map[string]string{"status": "no_show"}, bearer(org.Organiser)...)
	a.must(200, "POST", "/api/v1/signups/"+gone.ManageToken+"/cancel", nil)
	a.must(204, "DELETE", "/api/v1/signups/"+attended.ManageToken, nil) // erasure keeps the figures
	a.signUp(t, lunch, signupBody("d@example.org", map[string]any{"party_size": 3}))
	if w := a.signUp(t, lunch, signupBody("e@example.org", nil)); w.Status != "waitlisted" {
		t.Fatalf("fifth signup %s", w.Status)
	}
	a.createActivity(t, org.Organiser, activityBody(5, nil))
	cancelled := a.publishedActivity(t, org.Organiser, activityBody(6, nil)).ID
	a.signUp(t, cancelled, signupBody("f@example.org", nil))
	a.must(200, "POST", "/api/v1/activities/"+cancelled+"/cancel", map[string]any{"reason": map[string]string{"en": "No."}},
		bearer(org.Organiser)...)
	a.signUp(t, a.publishedActivity(t, org.Organiser, activityBody(60, nil)).ID, signupBody("g@example.org", nil))
	a.signUp(t, a.publishedActivity(t, other.Organiser, activityBody(3, nil)).ID, signupBody("h@example.org", nil))
	return org, other
}

func window() (string, string) {
	return time.Now().Format(time.DateOnly), time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
}

func TestReportsAttendance(t *testing.T) {
	a := startApp(t, nil)
	org, other := reportFixture(t, a)
	from, to := window()
	q := "/api/v1/reports/attendance?from=" + from + "&to=" + to

	t.Run("OK", func(t *testing.T) {
		var r reportJSON
		a.must(200, "GET", q, nil, bearer(org.Organiser)...).JSON(t, &r)
		want := reportJSON{Rows: []figuresJSON{
			{Kind: "language_cafe", Activities: 1, Signups: 3, People: 3, Attended: 2, NoShow: 1},
			{Kind: "lunch", Activities: 1, Signups: 2, People: 3},
		}, Totals: figuresJSON{Activities: 2, Signups: 5, People: 6, Attended: 2, NoShow: 1}}
		if len(r.Rows) != 2 || r.Rows[0] != want.Rows[0] || r.Rows[1] != want.Rows[1] || r.Totals != want.Totals {
			t.Fatalf("report %+v, want %+v", r, want)
		}
	})
	t.Run("WholeYear", func(t *testing.T) {
		var r reportJSON
		a.must(200, "GET", "/api/v1/reports/attendance", nil, bearer(org.Manager)...).JSON(t, &r)
		if r.Totals.Activities != 3 || r.Totals.Signups != 6 {
			t.Fatalf("unbounded report totals %+v, want the activity in two months too", r.Totals)
		}
	})
	t.Run("AdminPlatform", func(t *testing.T) {
		admin := a.adminToken(t)
		var r reportJSON
		a.must(200, "GET", q, nil, bearer(admin)...).JSON(t, &r)
		if r.Totals.Activities != 3 || r.Totals.Signups != 6 {
			t.Fatalf("platform totals %+v", r.Totals)
		}
		a.must(200, "GET", q+"&organisation=other-lib", nil, bearer(admin)...).JSON(t, &r)
		if r.Totals.Activities != 1 || r.Totals.People != 1 {
			t.Fatalf("other-lib totals %+v", r.Totals)
		}
	})
	t.Run("ErrOtherOrganisation", func(t *testing.T) {
		wantError(t, a.do("GET", q+"&organisation="+other.ID, nil, bearer(org.Organiser)...), 403, "forbidden")
	})
	t.Run("ErrBadWindow", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/reports/attendance?from=yesterday", nil, bearer(org.Organiser)...), 400, "bad_request")
		wantError(t, a.do("GET", "/api/v1/reports/attendance?from="+to+"&to="+from, nil, bearer(org.Organiser)...), 400, "bad_request")
	})
	t.Run("ErrNotStaff", func(t *testing.T) {
		wantError(t, a.do("GET", q, nil), 401, "unauthorized")
	})
	t.Run("Console", func(t *testing.T) {
		c := a.consoleLogin(t, "organiser@report-lib.example.org", "password-organiser")
		body := wantConsolePage(t, c.get("/staff/reports?from="+from+"&to="+to), 200)
		cells := func(label string, n ...string) string {
			out := `<th scope="row">` + label + `</th>`
			for i, col := range []string{"Activities", "Signups", "People", "Attended", "No-shows"} {
				out += `<td data-label="` + col + `">` + n[i] + `</td>`
			}
			return out
		}
		wantContains(t, body, cells("Language café", "1", "3", "3", "2", "1"), cells("Lunch", "1", "2", "3", "0", "0"),
			cells("Total", "2", "5", "6", "2", "1"), `Different people: 3`,
			`value="`+from+`"`, `href="/staff/reports.csv?from=`+from+`&amp;to=`+to+`"`)
		r := c.send("GET", "/staff/reports.csv?from="+from+"&to="+to, nil)
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("CSV: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		wantContains(t, string(r.Body), "Grouped by,Row,Activities,Signups,People,Attended,No-shows,Different people\n",
			"Type,Language café,1,3,3,2,1,\n", "Type,Lunch,1,2,3,0,0,\n", "Total,,2,5,6,2,1,3\n")
	})
}
