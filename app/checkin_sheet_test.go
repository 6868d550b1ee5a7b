package main

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// sheetFixture is an activity of org with three people holding seats
// (one of them writing in Arabic), one who cancelled and one waiting.
type sheetFixture struct {
	org                           testOrg
	activity                      string
	anna, zofia, ahmed            string // confirmed
	cancelled, waiting, elsewhere string
}

// Names as the fixture signs them up.
const (
	annaName      = "Anna Kowalska"
	zofiaName     = "Zofia Nowak"
	ahmedName     = "أحمد الخطيب"
	cancelledName = "Cyryl Cancelled"
	waitingName   = "Wanda Waiting"
)

func newSheetFixture(t *testing.T, a *testApp, slug string) sheetFixture {
	t.Helper()
	f := sheetFixture{org: a.newOrg(t, a.adminToken(t), slug)}
	f.activity = a.publishedActivity(t, f.org.Organiser, activityBody(3, map[string]any{
		"capacity": 5, "max_party_size": 2, "languages": []string{"pl", "ar"},
		"title": map[string]string{"en": "Conversation club"}, "venue": map[string]string{"name": "Reading room"}})).ID
	sign := func(email, name string, party int) signupJSON {
		return a.signUp(t, f.activity, signupBody(email, map[string]any{"name": name, "party_size": party}))
	}
	f.anna, f.zofia, f.ahmed = sign("anna@example.org", annaName, 2).ID, sign("zofia@example.org", zofiaName, 1).ID,
		sign("ahmed@example.org", ahmedName, 1).ID
	c := sign("cyryl@example.org", cancelledName, 1)
	a.must(200, "POST", "/api/v1/signups/"+c.ManageToken+"/cancel", nil)
	f.cancelled = c.ID
	w := sign("wanda@example.org", waitingName, 2)
	if w.Status != "waitlisted" {
		t.Fatalf("fixture: Wanda is %s, want waitlisted", w.Status)
	}
	f.waiting = w.ID
	other := a.publishedActivity(t, f.org.Organiser, activityBody(4, nil)).ID
	f.elsewhere = a.signUp(t, other, signupBody("else@example.org", nil)).ID
	return f
}

// statuses are the statuses of the fixture's signups by id.
func (f sheetFixture) statuses(t *testing.T, a *testApp) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, s := range a.allSignups(t, f.org.Organiser, f.activity) {
		out[s.ID] = s.Status
	}
	return out
}

var staffCSS = regexp.MustCompile(`href="(/static/staff\.css[^"]*)"`)

// TestCheckinSheet: the sign-in sheet prints every confirmed name (Arabic
// too, isolated in its own direction) sorted by name, with the party
// sizes, the activity's languages and a print stylesheet for A4; only
// staff of the organisation see it.
func TestCheckinSheet(t *testing.T) {
	a := startApp(t, nil)
	f := newSheetFixture(t, a, "sheet-lib")
	c := a.consoleLogin(t, "organiser@sheet-lib.example.org", "password-organiser")
	path := "/staff/activities/" + f.activity + "/sheet"
	body := wantConsolePage(t, c.get(path+"?lang=en"), 200)
	wantContains(t, body, annaName, zofiaName, `<bdi dir="auto">`+ahmedName+`</bdi>`, "Conversation club",
		"Reading room", "Polski", "العربية", `<td class="party">2</td>`)
	for _, absent := range []string{cancelledName, waitingName} {
		if strings.Contains(body, absent) {
			t.Errorf("the sheet lists %q, who holds no seat", absent)
		}
	}
	if ia, iz, ih := strings.Index(body, annaName), strings.Index(body, zofiaName), strings.Index(body, ahmedName); !(ia < iz && iz < ih) {
		t.Errorf("names not sorted: Anna at %d, Zofia at %d, Ahmed at %d", ia, iz, ih)
	}
	m := staffCSS.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the sheet has no staff stylesheet")
	}
	wantContains(t, string(a.page(t, m[1]).Body), "@media print", "size: A4")
	wantContains(t, wantConsolePage(t, c.get("/staff/activities/"+f.activity), 200), `href="`+path+`"`)

	t.Run("OtherOrganisation", func(t *testing.T) {
		a.newOrg(t, a.adminToken(t), "sheet-other")
		o := a.consoleLogin(t, "manager@sheet-other.example.org", "password-manager")
		r := o.get(path)
		if r.Status != 403 && r.Status != 404 {
			t.Fatalf("another organisation's sheet answered %d", r.Status)
		}
		if strings.Contains(string(r.Body), annaName) {
			t.Fatal("another organisation sees the names")
		}
	})
}

// TestCheckinBulk: POST /api/v1/activities/{id}/checkin marks many at
// once; an id of another activity, unknown, cancelled, waitlisted or
// given twice changes nothing; the sheet's form does the same from the
// console, CSRF-protected.
func TestCheckinBulk(t *testing.T) {
	a := startApp(t, nil)
	f := newSheetFixture(t, a, "bulk-lib")
	api := "/api/v1/activities/" + f.activity + "/checkin"
	unchanged := func(t *testing.T, f sheetFixture) {
		t.Helper()
		got := f.statuses(t, a)
		for _, id := range []string{f.anna, f.zofia, f.ahmed} {
			if got[id] != "confirmed" {
				t.Fatalf("signup %s is %s, want confirmed: something changed", id, got[id])
			}
		}
	}
	bad := map[string]struct {
		body  map[string]any
		field string
	}{
		"OtherActivity": {map[string]any{"attended": []string{f.anna, f.elsewhere}}, "attended.1"},
		"Unknown":       {map[string]any{"attended": []string{f.anna}, "no_show": []string{"nosuchsignup"}}, "no_show.0"},
		"Cancelled":     {map[string]any{"attended": []string{f.anna, f.cancelled}}, "attended.1"},
		"Waitlisted":    {map[string]any{"no_show": []string{f.zofia, f.waiting}}, "no_show.1"},
		"Twice":         {map[string]any{"attended": []string{f.anna}, "no_show": []string{f.anna}}, "no_show.0"},
	}
	for name, tc := range bad {
		t.Run(name, func(t *testing.T) {
			r := a.do("POST", api, tc.body, bearer(f.org.Organiser)...)
			wantError(t, r, 422, "validation_failed")
			if _, ok := fieldErrors(t, r)[tc.field]; !ok {
				t.Errorf("fields %v, want %s", fieldErrors(t, r), tc.field)
			}
			unchanged(t, f)
		})
	}
	t.Run("OtherOrganisation", func(t *testing.T) {
		other := a.newOrg(t, a.adminToken(t), "bulk-other")
		wantError(t, a.do("POST", api, map[string]any{"attended": []string{f.anna}}, bearer(other.Organiser)...), 403, "forbidden")
		unchanged(t, f)
	})
	t.Run("API", func(t *testing.T) {
		f := newSheetFixture(t, a, "bulk-api")
		api := "/api/v1/activities/" + f.activity + "/checkin"
		r := a.must(200, "POST", api, map[string]any{"attended": []string{f.anna, f.ahmed}, "no_show": []string{f.zofia}},
			bearer(f.org.Organiser)...)
		wantContains(t, string(r.Body), `"attended":2`, `"no_show":1`)
		st := f.statuses(t, a)
		if st[f.anna] != "attended" || st[f.ahmed] != "attended" || st[f.zofia] != "no_show" {
			t.Fatalf("statuses after bulk check-in: %v", st)
		}
	})
	t.Run("ConsoleForm", func(t *testing.T) {
		f := newSheetFixture(t, a, "bulk-form")
		c := a.consoleLogin(t, "organiser@bulk-form.example.org", "password-organiser")
		sheet := "/staff/activities/" + f.activity + "/sheet"
		body := wantConsolePage(t, c.get(sheet+"?lang=en"), 200)
		wantContains(t, body, `action="/staff/activities/`+f.activity+`/checkin"`, `value="`+f.anna+`">`, "Save attendance")
		form := url.Values{"listed": {f.anna, f.zofia, f.ahmed}, "attended": {f.zofia}}
		wantConsolePage(t, c.postRaw("/staff/activities/"+f.activity+"/checkin", form), 403)
		unchanged(t, f)
		if loc := wantRedirect(t, c.post("/staff/activities/"+f.activity+"/checkin", form)); loc != sheet+"?done=checkin" {
			t.Fatalf("the form went to %q", loc)
		}
		st := f.statuses(t, a)
		if st[f.zofia] != "attended" || st[f.anna] != "no_show" || st[f.ahmed] != "no_show" {
			t.Fatalf("statuses after the form: %v", st)
		}
		wantContains(t, wantConsolePage(t, c.get(sheet+"?lang=en"), 200), `value="`+f.zofia+`" checked`)
		// A stale sheet listing someone who since cancelled changes nothing.
		form = url.Values{"listed": {f.anna, f.cancelled}, "attended": {f.anna}}
		wantConsolePage(t, c.post("/staff/activities/"+f.activity+"/checkin", form), 422)
		if st := f.statuses(t, a); st[f.anna] != "no_show" {
			t.Fatalf("Anna is %s after a refused form, want no_show", st[f.anna])
		}
	})
}
