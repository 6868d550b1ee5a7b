package main

import (
	"fmt"
	"testing"
	"time"
)

// matrixOrg is what the staff endpoints of one organisation act on in
// TestAuthorisationMatrix, made once: a published activity with a
// confirmed signup, an organiser message about it, and a failed email.
type matrixOrg struct {
	testOrg
	published, message, failedEmail string
}

// matrixFixture creates scope's organisation and its things. The signup
// of fail-<scope>@example.org is refused by box's server, so its
// confirmation email ends failed.
func (a *testApp) matrixFixture(t *testing.T, admin, scope string) matrixOrg {
	t.Helper()
	o := matrixOrg{testOrg: a.newOrg(t, admin, scope)}
	o.published = a.publishedActivity(t, admin, activityBody(5, map[string]any{"organisation_id": o.ID, "capacity": 100})).ID
	a.signUp(t, o.published, signupBody("fail-"+scope+"@example.org", nil))
	var msg messageAccepted
	a.must(202, "POST", "/api/v1/activities/"+o.published+"/messages", map[string]any{"subject": map[string]string{"en": "Hi"},
		"body": map[string]string{"en": "See you"}, "audience": []string{"confirmed"}}, bearer(admin)...).JSON(t, &msg)
	o.message = msg.ID
	for deadline := time.Now().Add(30 * time.Second); o.failedEmail == ""; time.Sleep(50 * time.Millisecond) {
		var page struct{ Items []outboxItemJSON }
		a.must(200, "GET", "/api/v1/outbox?status=failed&organisation="+o.ID, nil, bearer(admin)...).JSON(t, &page)
		if len(page.Items) > 0 {
			o.failedEmail = page.Items[0].ID
		} else if time.Now().After(deadline) {
			t.Fatalf("no failed email in %s", scope)
		}
	}
	return o
}

// messageAccepted is the answer to POST /activities/{id}/messages.
type messageAccepted struct {
	ID         string `json:"id"`
	Recipients int    `json:"recipients"`
}

// TestAuthorisationMatrix walks every staff endpoint (organisations, staff
// accounts, activities, signups, messages, outbox, reports, audit) with
// every role (and none), on a thing of the caller's own organisation and on
// one of another organisation. A refused request must change nothing.
func TestAuthorisationMatrix(t *testing.T) {
	box, smtpURL := newMailbox(t)
	box.srv.FailRecipient("fail-own@example.org", 550)
	box.srv.FailRecipient("fail-other@example.org", 550)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	admin := a.adminToken(t)
	own := a.matrixFixture(t, admin, "own")
	other := a.matrixFixture(t, admin, "other")
	orgs := map[string]matrixOrg{"own": own, "other": other}
	tokens := map[string]string{"admin": admin, "manager": own.Manager, "organiser": own.Organiser, "none": ""}

	// target is what one request acts on: an organisation, its things,
	// and a fresh thing of the case's fixture kind.
	type target struct {
		matrixOrg
		org, activity, signup string
	}
	// fixture is the fresh thing each request of a case gets.
	type fixture int
	const (
		noFixture fixture = iota
		draft             // a draft activity
		signup            // a confirmed signup of the published activity
	)
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
	// Without a token, POST /signups/{x}/cancel is the attendee's: x is
	// read as a manage token, and a signup id is none (not_found).
	cancelRule := want{"admin": {ok, ok}, "manager": {ok, forbid}, "organiser": {ok, forbid}, "none": {notFound, notFound}}

	n := 0
	unique := func() string { n++; return fmt.Sprint(n) }
	cases := []struct {
		name    string
		method  string
		path    func(tg target) string
		body    func(tg target) any
		success int
		rule    want
		fixture fixture // fresh per request, compared after a refusal
	}{
		{"CreateOrganisation", "POST", func(target) string { return "/api/v1/organisations" },
			func(target) any {
				return map[string]string{"name": "New", "slug": "new-" + unique(), "timezone": "Europe/Warsaw"}
			}, 201, adminRule, noFixture},
		{"ListStaff", "GET", func(tg target) string { return "/api/v1/organisations/" + tg.org + "/users" },
			nil, 200, staffRule, noFixture},
		{"CreateStaff", "POST", func(tg target) string { return "/api/v1/organisations/" + tg.org + "/users" },
			func(target) any {
				return map[string]string{"email": "u" + unique() + "@example.org", "name": "U", "role": "organiser", "password": "long password"}
			}, 201, staffRule, noFixture},
		{"CreateActivity", "POST", func(target) string { return "/api/v1/activities" },
			func(tg target) any { return activityBody(3, map[string]any{"organisation_id": tg.org}) }, 201, activityRule, noFixture},
		{"GetDraft", "GET", func(tg target) string { return "/api/v1/activities/" + tg.activity }, nil, 200, draftRule, draft},
		{"GetDraftCalendar", "GET", func(tg target) string { return "/api/v1/activities/" + tg.activity + ".ics" }, nil, 200, draftRule, draft},
		{"UpdateActivity", "PATCH", func(tg target) string { return "/api/v1/activities/" + tg.activity },
			func(target) any { return map[string]any{"capacity": 42} }, 200, activityRule, draft},
		{"PublishActivity", "POST", func(tg target) string { return "/api/v1/activities/" + tg.activity + "/publish" },
			nil, 200, activityRule, draft},
		{"CancelActivity", "POST", func(tg target) string { return "/api/v1/activities/" + tg.activity + "/cancel" },
			func(target) any { return map[string]any{"reason": map[string]string{"en": "x"}} }, 200, activityRule, draft},
		{"DeleteActivity", "DELETE", func(tg target) string { return "/api/v1/activities/" + tg.activity },
			nil, 204, activityRule, draft},
		{"RepeatActivity", "POST", func(tg target) string { return "/api/v1/activities/" + tg.activity + "/repeat" },
			func(target) any { return map[string]any{"frequency": "weekly", "count": 2} }, 201, activityRule, draft},
		{"ListDrafts", "GET", func(target) string { return "/api/v1/activities?status=draft&limit=100" },
			nil, 200, anyStaffRule, draft},
		{"Me", "GET", func(target) string { return "/api/v1/me" }, nil, 200, anyStaffRule, noFixture},
		{"ListSignups", "GET", func(tg target) string { return "/api/v1/activities/" + tg.published + "/signups" },
			nil, 200, activityRule, noFixture},
		{"ExportSignups", "GET", func(tg target) string { return "/api/v1/activities/" + tg.published + "/signups.csv" },
			nil, 200, activityRule, noFixture},
		{"CheckIn", "PATCH", func(tg target) string { return "/api/v1/signups/" + tg.signup },
			func(target) any { return map[string]string{"status": "attended"} }, 200, activityRule, signup},
		{"StaffCancelSignup", "POST", func(tg target) string { return "/api/v1/signups/" + tg.signup + "/cancel" },
			nil, 200, cancelRule, signup},
		{"SendMessage", "POST", func(tg target) string { return "/api/v1/activities/" + tg.published + "/messages" },
			func(target) any {
				return map[string]any{"subject": map[string]string{"en": "Hi"}, "body": map[string]string{"en": "Hello"},
					"audience": []string{"confirmed"}}
			}, 202, activityRule, noFixture},
		{"MessageStatus", "GET", func(tg target) string { return "/api/v1/messages/" + tg.message }, nil, 200, activityRule, noFixture},
		// Admins name the organisation; others may name their own only.
		{"ListFailedOutbox", "GET", func(tg target) string { return "/api/v1/outbox?status=failed&organisation=" + tg.org },
			nil, 200, activityRule, noFixture},
		// The email's recipient keeps refusing it, so after an allowed
		// retry it is pending, sending or failed again — never sent, and
		// retrying any of those is 200 (only a sent email is a conflict).
		{"RetryOutbox", "POST", func(tg target) string { return "/api/v1/outbox/" + tg.failedEmail + "/retry" },
			nil, 200, activityRule, noFixture},
		{"AttendanceReport", "GET", func(tg target) string { return "/api/v1/reports/attendance?organisation=" + tg.org },
			nil, 200, activityRule, noFixture},
		{"Audit", "GET", func(tg target) string { return "/api/v1/audit?organisation=" + tg.org }, nil, 200, staffRule, noFixture},
	}

	for _, tc := range cases {
		for _, role := range []string{"admin", "manager", "organiser", "none"} {
			for i, scope := range []string{"own", "other"} {
				t.Run(tc.name+"/"+role+"/"+scope, func(t *testing.T) {
					tg := target{matrixOrg: orgs[scope], org: orgs[scope].ID}
					snapshot := ""
					switch tc.fixture {
					case draft:
						tg.activity = a.createActivity(t, admin, activityBody(3, map[string]any{"organisation_id": tg.org})).ID
						snapshot = "/api/v1/activities/" + tg.activity
					case signup:
						su := a.signUp(t, tg.published, signupBody("matrix-"+unique()+"@example.org", nil))
						if su.Status != "confirmed" {
							t.Fatalf("fixture signup is %s", su.Status)
						}
						tg.signup = su.ID
						snapshot = "/api/v1/activities/" + tg.published + "/signups?limit=100"
					}
					var before []byte
					if snapshot != "" {
						before = a.must(200, "GET", snapshot, nil, bearer(admin)...).Body
					}
					lastAudit := a.must(200, "GET", "/api/v1/audit?limit=1", nil, bearer(admin)...).Body
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
					if snapshot != "" && r.Status >= 400 {
						after := a.must(200, "GET", snapshot, nil, bearer(admin)...).Body
						if string(after) != string(before) {
							t.Fatalf("a refused request changed %s:\n%s\n%s", snapshot, before, after)
						}
					}
					if r.Status >= 400 {
						if after := a.must(200, "GET", "/api/v1/audit?limit=1", nil, bearer(admin)...).Body; string(after) != string(lastAudit) {
							t.Fatalf("a refused request was audited as done:\n%s\n%s", lastAudit, after)
						}
					}
					if tc.name == "ListFailedOutbox" && r.Status == 200 {
						var page struct{ Items []outboxItemJSON }
						r.JSON(t, &page)
						ids := map[string]bool{}
						for _, it := range page.Items {
							ids[it.ID] = true
						}
						otherScope := map[string]string{"own": "other", "other": "own"}[scope]
						if !ids[tg.failedEmail] || ids[orgs[otherScope].failedEmail] {
							t.Fatalf("%s sees failed emails %+v of %s", role, page.Items, scope)
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
