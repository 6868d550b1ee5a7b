package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// monthReportJSON is the report with the months and unique people that
// extend the contract's rows and totals.
type monthReportJSON struct {
	Rows   []figuresJSON `json:"rows"`
	Months []struct {
		Month string `json:"month"`
		figuresJSON
	} `json:"months"`
	Totals struct {
		figuresJSON
		UniquePeople int `json:"unique_people"`
	} `json:"totals"`
}

// TestReportsMonthsAndPeople: the report counts per month (in the
// activity's own time zone) as well as per kind, counts distinct people
// once however many activities they came to, even after their data is
// erased, and comes as CSV from the API and the console.
func TestReportsMonthsAndPeople(t *testing.T) {
	a := startApp(t, nil)
	org, _ := reportFixture(t, a)
	// The same person (another case of the address) at the lunch of day 4
	// and at a café in 40 days; then their data is erased.
	later := a.publishedActivity(t, org.Organiser, activityBody(40, nil))
	a.signUp(t, a.publishedActivity(t, org.Organiser, activityBody(4, map[string]any{"kind": "lunch"})).ID,
		signupBody("Same.Person@example.org", nil))
	again := a.signUp(t, later.ID, signupBody("same.person@EXAMPLE.org", nil))
	a.must(204, "DELETE", "/api/v1/signups/"+again.ManageToken, nil)
	from, to := time.Now().Format(time.DateOnly), time.Now().AddDate(0, 0, 70).Format(time.DateOnly)
	q := "?from=" + from + "&to=" + to

	t.Run("OKMonths", func(t *testing.T) {
		var r monthReportJSON
		a.must(200, "GET", "/api/v1/reports/attendance"+q, nil, bearer(org.Organiser)...).JSON(t, &r)
		warsaw, _ := time.LoadLocation("Europe/Warsaw")
		month := func(days int) string { return time.Now().In(warsaw).AddDate(0, 0, days).Format("2006-01") }
		want := map[string]int{}
		for _, d := range []int{3, 4, 4, 40, 60} { // café, lunch, lunch, later café, the one in two months
			want[month(d)]++
		}
		got, sum := map[string]int{}, figuresJSON{}
		for i, m := range r.Months {
			if i > 0 && m.Month <= r.Months[i-1].Month {
				t.Errorf("months out of order: %+v", r.Months)
			}
			got[m.Month] = m.Activities
			sum.Activities += m.Activities
			sum.Signups += m.Signups
			sum.People += m.People
			sum.Attended += m.Attended
			sum.NoShow += m.NoShow
		}
		if len(got) != len(want) {
			t.Fatalf("months %+v, want activities by month %v", r.Months, want)
		}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("month %s: %d activities, want %d (%+v)", k, got[k], n, r.Months)
			}
		}
		if sum != r.Totals.figuresJSON {
			t.Errorf("months add up to %+v, totals %+v", sum, r.Totals.figuresJSON)
		}
	})
	t.Run("OKUniquePeople", func(t *testing.T) {
		// a (attended, erased), b (no-show), d (lunch), the same person
		// twice (one erased), g (in two months); c cancelled and e waiting
		// do not count.
		var r monthReportJSON
		a.must(200, "GET", "/api/v1/reports/attendance"+q, nil, bearer(org.Organiser)...).JSON(t, &r)
		if r.Totals.UniquePeople != 5 {
			t.Errorf("unique people %d, want 5", r.Totals.UniquePeople)
		}
		if r.Totals.People <= r.Totals.UniquePeople {
			t.Errorf("people %d should exceed unique people %d (parties, the same person twice)", r.Totals.People,
				r.Totals.UniquePeople)
		}
		var soon monthReportJSON
		a.must(200, "GET", "/api/v1/reports/attendance?from="+from+"&to="+time.Now().AddDate(0, 0, 10).Format(time.DateOnly),
			nil, bearer(org.Organiser)...).JSON(t, &soon)
		if soon.Totals.UniquePeople != 4 {
			t.Errorf("unique people in ten days %d, want 4 (a, b, d, the same person)", soon.Totals.UniquePeople)
		}
	})
	t.Run("OKCSV", func(t *testing.T) {
		r := a.must(200, "GET", "/api/v1/reports/attendance.csv"+q+"&lang=pl", nil, bearer(org.Organiser)...)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, `attachment; filename="attendance.csv"`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		var rep monthReportJSON
		a.must(200, "GET", "/api/v1/reports/attendance"+q, nil, bearer(org.Organiser)...).JSON(t, &rep)
		body := string(r.Body)
		wantContains(t, body, "Rodzaj,Kawiarenka językowa,", "Miesiąc,"+rep.Months[0].Month+",",
			",Różne osoby\n", ","+strconv.Itoa(rep.Totals.UniquePeople)+"\n")
	})
	t.Run("ErrCSV", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/reports/attendance.csv"+q, nil), 401, "unauthorized")
		wantError(t, a.do("GET", "/api/v1/reports/attendance.csv?from=soon", nil, bearer(org.Organiser)...), 400, "bad_request")
	})
	t.Run("ConsoleDefaultTwelveMonths", func(t *testing.T) {
		c := a.consoleLogin(t, "organiser@report-lib.example.org", "password-organiser")
		body := wantConsolePage(t, c.get("/staff/reports"), 200)
		now := time.Now().UTC()
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0).Format(time.DateOnly)
		today := now.Format(time.DateOnly)
		wantContains(t, body, `id="f-from" name="from" value="`+first+`"`, `id="f-to" name="to" value="`+today+`"`,
			`href="/staff/reports.csv?from=`+first+`&amp;to=`+today+`"`, `<table aria-labelledby="report-by-kind" class="stack">`)
		body = wantConsolePage(t, c.get("/staff/reports"+q), 200)
		wantContains(t, body, `<table aria-labelledby="report-by-month" class="stack">`, `<time datetime="`,
			`Different people: 5`)
		r := c.send("GET", "/staff/reports.csv"+q, nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), "Month,") {
			t.Fatalf("console CSV %d:\n%s", r.Status, r.Body)
		}
	})
}
