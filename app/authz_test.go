package main

import (
	"fmt"
	"testing"
)

// TestAuthorisationMatrix walks every staff endpoint of organisations,
// staff accounts and activities with every role (and none), on a thing of
// the caller's own organisation and on one of another organisation. A
// refused request must change nothing.
func TestAuthorisationMatrix(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	own := a.newOrg(t, admin, "own")
	other := a.newOrg(t, admin, "other")
	orgs := map[string]testOrg{"own": own, "other": other}
	tokens := map[string]string{"admin": admin, "manager": own.Manager, "organiser": own.Organiser, "none": ""}

	// target is what one request acts on: an organisation and, for
	// activity endpoints, a fresh draft of it.
	type target struct{ org, activity string }
	const (
		ok       = 0 // the case's success status
		forbid   = 403
		unauth   = 401
		notFound = 404
	)
	// want gives the status per role for [own, other].
	type want map[string][2]int
	activityRule := want{"admin": {ok, ok}, "manager": {ok, forbid}, "organiser": {ok, forbid}, "none": {unauth, unauth}}
	staffRule := want{"admin": {ok, ok}, "manager": {ok, forbid}, "organiser": {forbid, forbid}, "none": {unauth, unauth}}
	adminRule := want{"admin": {ok, ok}, "manager": {forbid, forbid}, "organiser": {forbid, forbid}, "none": {unauth, unauth}}
	anyStaffRule := want{"admin": {ok, ok}, "manager": {ok, ok}, "organiser": {ok, ok}, "none": {unauth, unauth}}
	draftRule := want{"admin": {ok, ok}, "manager": {ok, notFound}, "organiser": {ok, notFound}, "none": {notFound, notFound}}

	n := 0
	unique := func() string { n++; return fmt.Sprint(n) }
	cases := []struct {
		name     string
		method   string
		path     func(tg target) string
		body     func(tg target) any
		success  int
		rule     want
		activity bool // the target has a draft activity to compare after a refusal
	}{
		{"CreateOrganisation", "POST", func(target) string { return "/api/v1/organisations" },
			func(target) any {
				return map[string]string{"name": "New", "slug": "new-" + unique(), "timezone": "Europe/Warsaw"}
			}, 201, adminRule, false},
		{"ListStaff", "GET", func(tg target) string { return "/api/v1/organisations/" + tg.org + "/users" },
			nil, 200, staffRule, false},
		{"CreateStaff", "POST", func(tg target) string { return "/api/v1/organisations/" + tg.org + "/users" },
			func(target) any {
				return map[string]string{"email": "u" + unique() + "@example.org", "name": "U", "role": "organiser", "password": "long password"}
			}, 201, staffRule, false},
		{"CreateActivity", "POST", func(target) string { return "/api/v1/activities" },
			func(tg target) any { return activityBody(3, map[string]any{"organisation_id": tg.org}) }, 201, activityRule, false},
		{"GetDraft", "GET", func(tg target) string { return "/api/v1/activities/" + tg.activity }, nil, 200, draftRule, true},
		{"GetDraftCalendar", "GET", func(tg target) string { return "/api/v1/activities/" + tg.activity + ".ics" }, nil, 200, draftRule, true},
		{"UpdateActivity", "PATCH", func(tg target) string { return "/api/v1/activities/" + tg.activity },
			func(target) any { return map[string]any{"capacity": 42} }, 200, activityRule, true},
		{"PublishActivity", "POST", func(tg target) string { return "/api/v1/activities/" + tg.activity + "/publish" },
			nil, 200, activityRule, true},
		{"CancelActivity", "POST", func(tg target) string { return "/api/v1/activities/" + tg.activity + "/cancel" },
			func(target) any { return map[string]any{"reason": map[string]string{"en": "x"}} }, 200, activityRule, true},
		{"DeleteActivity", "DELETE", func(tg target) string { return "/api/v1/activities/" + tg.activity },
			nil, 204, activityRule, true},
		{"RepeatActivity", "POST", func(tg target) string { return "/api/v1/activities/" + tg.activity + "/repeat" },
			func(target) any { return map[string]any{"frequency": "weekly", "count": 2} }, 201, activityRule, true},
		{"ListDrafts", "GET", func(target) string { return "/api/v1/activities?status=draft&limit=100" },
			nil, 200, anyStaffRule, true},
		{"Me", "GET", func(target) string { return "/api/v1/me" }, nil, 200, anyStaffRule, false},
	}

	for _, tc := range cases {
		for _, role := range []string{"admin", "manager", "organiser", "none"} {
			for i, scope := range []string{"own", "other"} {
				t.Run(tc.name+"/"+role+"/"+scope, func(t *testing.T) {
					tg := target{org: orgs[scope].ID}
					var before []byte
					if tc.activity {
						tg.activity = a.createActivity(t, admin, activityBody(3, map[string]any{"organisation_id": tg.org})).ID
						before = a.must(200, "GET", "/api/v1/activities/"+tg.activity, nil, bearer(admin)...).Body
					}
					var body any
					if tc.body != nil {
						body = tc.body(tg)
					}
					var headers []string
					if tokens[role] != "" {
						headers = bearer(tokens[role])
					}
					r := a.do(tc.method, tc.path(tg), body, headers...)
					wantStatus := tc.rule[role][i]
					if wantStatus == ok {
						wantStatus = tc.success
					}
					if r.Status != wantStatus {
						t.Fatalf("%s %s as %s: %d, want %d: %s", tc.method, tc.path(tg), role, r.Status, wantStatus, r.Body)
					}
					if r.Status >= 400 {
						code := map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found"}[r.Status]
						wantError(t, r, r.Status, code)
					}
					if tc.activity && r.Status >= 400 {
						after := a.must(200, "GET", "/api/v1/activities/"+tg.activity, nil, bearer(admin)...).Body
						if string(after) != string(before) {
							t.Fatalf("a refused request changed the activity:\n%s\n%s", before, after)
						}
					}
					if tc.name == "ListDrafts" && r.Status == 200 {
						var page activityPage
						r.JSON(t, &page)
						seen := false
						for _, it := range page.Items {
							seen = seen || it.ID == tg.activity
						}
						if wantSeen := scope == "own" || role == "admin"; seen != wantSeen {
							t.Fatalf("%s sees the %s draft: %v, want %v", role, scope, seen, wantSeen)
						}
					}
				})
			}
		}
	}

	t.Run("Logout", func(t *testing.T) {
		for role, email := range map[string]string{"manager": "manager@own.example.org", "organiser": "organiser@own.example.org"} {
			tok := a.loginToken(t, email, "password-"+role)
			a.must(204, "POST", "/api/v1/auth/logout", nil, bearer(tok)...)
		}
		wantError(t, a.do("POST", "/api/v1/auth/logout", nil), 401, "unauthorized")
	})
}
