package main

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
)

func TestStaffSignups(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "staffsignups")
	other := a.newOrg(t, admin, "otherlib")
	names := []string{"=HYPERLINK(\"http://evil\")", "+48 evil", "-2+3", "@SUM(A1)", "Zoë Łukasiewicz, \"Jr\""}
	// filled publishes an activity of 3 seats and signs up one person per
	// name: the first three hold the seats, the last two wait. The
	// subtests that change signups (CheckIn, StaffCancel) take their own.
	filled := func(t testing.TB) (activityJSON, []string) {
		t.Helper()
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 3, "questions": questionsBody}))
		var ids []string
		for i, name := range names {
			r := a.signUp(t, act.ID, signupBody(fmt.Sprintf("p%d@example.org", i), map[string]any{"name": name,
				"answers": map[string]any{"diet": "halal", "note": "=cmd|' /C calc'!A0"}}))
			ids = append(ids, r.ID)
		}
		return act, ids
	}
	act, ids := filled(t)
	list := "/api/v1/activities/" + act.ID + "/signups"

	t.Run("List", func(t *testing.T) {
		var page staffSignupPage
		a.must(200, "GET", list, nil, bearer(org.Organiser)...).JSON(t, &page)
		if len(page.Items) != 5 || page.NextCursor != nil {
			t.Fatalf("%d items, cursor %v", len(page.Items), page.NextCursor)
		}
		su := page.Items[0]
		if su.ID != ids[0] || su.Email != "p0@example.org" || su.Answers["diet"] != "halal" || su.Status != "confirmed" ||
			su.CreatedAt.IsZero() {
			t.Fatalf("%+v", su)
		}
	})
	t.Run("ListAlwaysHasContactAndAnswers", func(t *testing.T) {
		bare := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		a.signUp(t, bare.ID, signupBody("nophone@example.org", nil))
		withPhone := a.signUp(t, bare.ID, signupBody("phone@example.org", map[string]any{"phone": "+48 600 100 200"}))
		var page struct {
			Items []map[string]any `json:"items"`
		}
		a.must(200, "GET", "/api/v1/activities/"+bare.ID+"/signups", nil, bearer(org.Organiser)...).JSON(t, &page)
		if len(page.Items) != 2 {
			t.Fatalf("%d items", len(page.Items))
		}
		for _, item := range page.Items {
			for _, k := range []string{"email", "phone", "answers", "status", "created_at"} {
				if _, ok := item[k]; !ok {
					t.Errorf("item %v has no %q", item["email"], k)
				}
			}
			if answers, ok := item["answers"].(map[string]any); !ok || len(answers) != 0 {
				t.Errorf("answers of %v: %#v, want {}", item["email"], item["answers"])
			}
		}
		if page.Items[0]["phone"] != "" || page.Items[1]["phone"] != "+48 600 100 200" {
			t.Errorf("phones: %#v, %#v", page.Items[0]["phone"], page.Items[1]["phone"])
		}
		// The attendee's own manage answer still shows no contact data.
		var m map[string]any
		a.must(200, "GET", "/api/v1/signups/"+withPhone.ManageToken, nil).JSON(t, &m)
		for _, k := range []string{"email", "phone", "answers"} {
			if _, ok := m[k]; ok {
				t.Errorf("the public manage answer shows %q: %v", k, m)
			}
		}
	})
	t.Run("StatusFilter", func(t *testing.T) {
		for status, want := range map[string]int{"confirmed": 3, "waitlisted": 2, "cancelled": 0, "confirmed,waitlisted": 5} {
			var page staffSignupPage
			a.must(200, "GET", list+"?status="+status, nil, bearer(org.Organiser)...).JSON(t, &page)
			if len(page.Items) != want {
				t.Errorf("status=%s: %d items, want %d", status, len(page.Items), want)
			}
		}
		wantError(t, a.do("GET", list+"?status=pending", nil, bearer(org.Organiser)...), 400, "bad_request")
		wantError(t, a.do("GET", list+"?status=bogus", nil, bearer(org.Organiser)...), 400, "bad_request")
	})
	t.Run("Pagination", func(t *testing.T) {
		var seen []string
		path := list + "?limit=2"
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("the cursor does not end")
			}
			var page staffSignupPage
			a.must(200, "GET", path, nil, bearer(org.Organiser)...).JSON(t, &page)
			for _, su := range page.Items {
				seen = append(seen, su.ID)
			}
			if page.NextCursor == nil {
				break
			}
			path = list + "?limit=2&cursor=" + *page.NextCursor
		}
		if strings.Join(seen, ",") != strings.Join(ids, ",") {
			t.Fatalf("pages gave %v, want %v", seen, ids)
		}
		wantError(t, a.do("GET", list+"?cursor=%%%", nil, bearer(org.Organiser)...), 400, "bad_request")
		wantError(t, a.do("GET", list+"?cursor=bm9wZQ", nil, bearer(org.Organiser)...), 400, "bad_request")
		wantError(t, a.do("GET", list+"?limit=0", nil, bearer(org.Organiser)...), 400, "bad_request")
	})
	t.Run("ErrAccess", func(t *testing.T) {
		wantError(t, a.do("GET", list, nil), 401, "unauthorized")
		wantError(t, a.do("GET", list, nil, bearer(other.Organiser)...), 403, "forbidden")
		wantError(t, a.do("GET", list+".csv", nil, bearer(other.Manager)...), 403, "forbidden")
		wantError(t, a.do("GET", "/api/v1/activities/nope/signups", nil, bearer(org.Organiser)...), 404, "not_found")
		wantError(t, a.do("PATCH", "/api/v1/signups/"+ids[0], map[string]string{"status": "attended"}, bearer(other.Organiser)...), 403, "forbidden")
		wantError(t, a.do("POST", "/api/v1/signups/"+ids[0]+"/cancel", nil, bearer(other.Organiser)...), 403, "forbidden")
		wantError(t, a.do("PATCH", "/api/v1/signups/"+ids[0], map[string]string{"status": "attended"}), 401, "unauthorized")
		wantError(t, a.do("PATCH", "/api/v1/signups/nope", map[string]string{"status": "attended"}, bearer(org.Organiser)...), 404, "not_found")
		// The admin sees every organisation's signups.
		a.must(200, "GET", list, nil, bearer(admin)...)
	})
	t.Run("CSV", func(t *testing.T) {
		res := a.do("GET", list+".csv", nil, bearer(org.Manager)...)
		raw := res.Body
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("status %d, content type %q", res.Status, res.Header.Get("Content-Type"))
		}
		if !strings.HasPrefix(string(raw), "\uFEFF") {
			t.Fatalf("no UTF-8 BOM: %q", raw[:10])
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatalf("not CSV: %v\n%s", err, raw)
		}
		if len(rows) != 6 || rows[0][0] != "id" || rows[0][3] != "name" || !strings.Contains(strings.Join(rows[0], ","), "[diet]") {
			t.Fatalf("rows: %q", rows)
		}
		for i, row := range rows[1:] {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("row %d: formula cell %q not neutralised", i+1, cell)
				}
			}
			if want := names[i]; strings.TrimPrefix(row[3], "'") != want {
				t.Errorf("row %d name %q, want %q", i+1, row[3], want)
			}
		}
		if rows[1][3] != `'=HYPERLINK("http://evil")` || rows[5][3] != `Zoë Łukasiewicz, "Jr"` {
			t.Fatalf("names: %q, %q", rows[1][3], rows[5][3])
		}
	})
	t.Run("CheckIn", func(t *testing.T) {
		act, ids := filled(t)
		var su staffSignupJSON
		a.must(200, "PATCH", "/api/v1/signups/"+ids[0], map[string]string{"status": "attended"}, bearer(org.Organiser)...).JSON(t, &su)
		if su.Status != "attended" {
			t.Fatalf("%+v", su)
		}
		a.must(200, "PATCH", "/api/v1/signups/"+ids[1], map[string]string{"status": "no_show"}, bearer(org.Organiser)...)
		// A correction is allowed.
		a.must(200, "PATCH", "/api/v1/signups/"+ids[1], map[string]string{"status": "attended"}, bearer(org.Organiser)...)
		wantError(t, a.do("PATCH", "/api/v1/signups/"+ids[0], map[string]string{"status": "cancelled"}, bearer(org.Organiser)...), 422, "validation_failed")
		wantError(t, a.do("PATCH", "/api/v1/signups/"+ids[0], map[string]any{"status": 1}, bearer(org.Organiser)...), 422, "validation_failed")
		wantError(t, a.do("PATCH", "/api/v1/signups/"+ids[0], "{", bearer(org.Organiser)...), 400, "bad_request")
		// A waiting signup has no seat to check in.
		wantError(t, a.do("PATCH", "/api/v1/signups/"+ids[3], map[string]string{"status": "attended"}, bearer(org.Organiser)...), 409, "conflict")
		a.checkSeatInvariant(t, org.Organiser, act.ID)
	})
	t.Run("StaffCancel", func(t *testing.T) {
		act, ids := filled(t)
		a.must(200, "PATCH", "/api/v1/signups/"+ids[0], map[string]string{"status": "attended"}, bearer(org.Organiser)...)
		var su staffSignupJSON
		a.must(200, "POST", "/api/v1/signups/"+ids[2]+"/cancel", nil, bearer(org.Organiser)...).JSON(t, &su)
		if su.Status != "cancelled" {
			t.Fatalf("%+v", su)
		}
		a.must(200, "POST", "/api/v1/signups/"+ids[2]+"/cancel", nil, bearer(org.Organiser)...)
		byID := a.checkSeatInvariant(t, org.Organiser, act.ID)
		if byID[ids[3]].Status != "confirmed" || byID[ids[4]].Status != "waitlisted" {
			t.Fatalf("promotion after a staff cancel: %s, %s", byID[ids[3]].Status, byID[ids[4]].Status)
		}
		// Checked-in signups are not cancelled any more.
		wantError(t, a.do("POST", "/api/v1/signups/"+ids[0]+"/cancel", nil, bearer(org.Organiser)...), 409, "conflict")
	})
}
