package main

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// allAudit reads every audit entry visible with token, following the
// cursor with pages of size limit.
func (a *testApp) allAudit(t testing.TB, token, query string, limit int) auditPage {
	t.Helper()
	var all auditPage
	path := fmt.Sprintf("/api/v1/audit?limit=%d%s", limit, query)
	for range 1000 {
		var page auditPage
		a.must(200, "GET", path, nil, bearer(token)...).JSON(t, &page)
		all.Items = append(all.Items, page.Items...)
		if page.NextCursor == nil {
			return all
		}
		path = fmt.Sprintf("/api/v1/audit?limit=%d%s&cursor=%s", limit, query, url.QueryEscape(*page.NextCursor))
	}
	t.Fatal("the audit log's cursor never ends")
	return all
}

// TestAuditLog: every staff action is recorded with who did it, to what,
// and when; an organisation's managers read its entries, newest first, a
// page at a time; organisers and other organisations cannot; no password
// and no attendee's name or email is ever in the log.
func TestAuditLog(t *testing.T) {
	a := startApp(t, nil)
	start := time.Now().Truncate(time.Millisecond)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "audited")
	other := a.newOrg(t, admin, "elsewhere")

	act := a.createActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 5}))
	a.must(200, "PATCH", "/api/v1/activities/"+act.ID, map[string]any{"capacity": 6}, bearer(org.Organiser)...)
	a.must(200, "POST", "/api/v1/activities/"+act.ID+"/publish", nil, bearer(org.Organiser)...)
	var copies struct {
		Items []activityJSON `json:"items"`
	}
	a.must(201, "POST", "/api/v1/activities/"+act.ID+"/repeat", map[string]any{"frequency": "weekly", "count": 2},
		bearer(org.Organiser)...).JSON(t, &copies)
	a.must(200, "POST", "/api/v1/activities/"+copies.Items[0].ID+"/cancel",
		map[string]any{"reason": map[string]string{"en": "Snow"}}, bearer(org.Organiser)...)
	draft := a.createActivity(t, org.Organiser, activityBody(9, nil))
	a.must(204, "DELETE", "/api/v1/activities/"+draft.ID, nil, bearer(org.Organiser)...)
	came := a.signUp(t, act.ID, signupBody("came@example.org", map[string]any{"name": "Came Person"}))
	gone := a.signUp(t, act.ID, signupBody("gone@example.org", map[string]any{"name": "Gone Person"}))
	a.must(200, "PATCH", "/api/v1/signups/"+came.ID, map[string]string{"status": "attended"}, bearer(org.Organiser)...)
	a.must(200, "POST", "/api/v1/signups/"+gone.ID+"/cancel", nil, bearer(org.Organiser)...)
	var msg struct {
		ID string `json:"id"`
	}
	a.must(202, "POST", "/api/v1/activities/"+act.ID+"/messages", map[string]any{"subject": map[string]string{"en": "Hi"},
		"body": map[string]string{"en": "Thanks"}, "audience": []string{"attended"}}, bearer(org.Organiser)...).JSON(t, &msg)
	a.do("POST", "/api/v1/auth/login", map[string]string{"email": "organiser@audited.example.org", "password": "wrong-secret-1"})
	a.do("POST", "/api/v1/auth/login", map[string]string{"email": "nobody.here@example.net", "password": "wrong-secret-2"})

	entries := a.allAudit(t, org.Manager, "", 100)
	var organiserID string
	for _, e := range entries.Items {
		if e.Action == "user.create" && e.Detail == "organiser" {
			organiserID = e.TargetID
		}
	}
	type want struct{ action, targetType, targetID, detail string }
	wants := []want{
		{"user.create", "user", organiserID, "organiser"},
		{"auth.login", "user", organiserID, ""},
		{"activity.create", "activity", act.ID, ""},
		{"activity.update", "activity", act.ID, ""},
		{"activity.publish", "activity", act.ID, ""},
		{"activity.repeat", "activity", act.ID, "2 copies, weekly"},
		{"activity.cancel", "activity", copies.Items[0].ID, ""},
		{"activity.create", "activity", draft.ID, ""},
		{"activity.delete", "activity", draft.ID, ""},
		{"signup.check_in", "signup", came.ID, "attended"},
		{"signup.cancel", "signup", gone.ID, ""},
		{"message.send", "message", msg.ID, "activity " + act.ID + "; recipients: 1"},
		{"auth.login_failed", "user", organiserID, ""},
	}
	t.Run("OK", func(t *testing.T) {
		for _, w := range wants {
			found := false
			for _, e := range entries.Items {
				if e.Action != w.action || e.TargetType != w.targetType || e.TargetID != w.targetID || e.Detail != w.detail {
					continue
				}
				found = true
				if e.OrganisationID != org.ID || e.At.Before(start) || e.At.After(time.Now()) {
					t.Errorf("%s: %+v", w.action, e)
				}
				if w.action != "user.create" && (e.ActorID != organiserID || e.ActorEmail != "organiser@audited.example.org" ||
					e.ActorRole != "organiser") {
					t.Errorf("%s: actor %s %s %s, want the organiser", w.action, e.ActorID, e.ActorEmail, e.ActorRole)
				}
			}
			if !found {
				t.Errorf("no entry %+v in %d entries", w, len(entries.Items))
			}
		}
	})
	t.Run("NewestFirst", func(t *testing.T) {
		for i := 1; i < len(entries.Items); i++ {
			if entries.Items[i].At.After(entries.Items[i-1].At) {
				t.Fatalf("entry %d is newer than entry %d", i, i-1)
			}
		}
	})
	t.Run("Pages", func(t *testing.T) {
		paged := a.allAudit(t, org.Manager, "", 3)
		if len(paged.Items) != len(entries.Items) {
			t.Fatalf("%d entries in pages of 3, %d in one page", len(paged.Items), len(entries.Items))
		}
		for i := range paged.Items {
			if paged.Items[i].ID != entries.Items[i].ID {
				t.Fatalf("entry %d differs between page sizes", i)
			}
		}
	})
	t.Run("NoSecretsNoAttendees", func(t *testing.T) {
		raw := string(a.must(200, "GET", "/api/v1/audit?limit=100", nil, bearer(admin)...).Body)
		for _, s := range []string{"wrong-secret", "password-organiser", "came@example.org", "Came Person",
			"gone@example.org", "nobody.here@example.net"} {
			if strings.Contains(raw, s) {
				t.Fatalf("the audit log holds %q", s)
			}
		}
		found := a.whereStored(t, "wrong-secret-1", "wrong-secret-2", "nobody.here@example.net")
		if len(found) != 0 {
			t.Fatalf("stored: %v", found)
		}
	})
	t.Run("AdminSeesPlatform", func(t *testing.T) {
		all := a.allAudit(t, admin, "", 100)
		masked, orgCreated := false, false
		for _, e := range all.Items {
			if e.Action == "auth.login_failed" && e.ActorEmail == "n***@example.net" && e.OrganisationID == "" {
				masked = true
			}
			if e.Action == "organisation.create" && e.TargetID == org.ID && e.ActorRole == "admin" {
				orgCreated = true
			}
		}
		if !masked || !orgCreated {
			t.Fatalf("admin's view: failed login of an unknown email %v, organisation created %v", masked, orgCreated)
		}
		one := a.allAudit(t, admin, "&organisation="+org.ID, 100)
		if len(one.Items) != len(entries.Items) {
			t.Fatalf("admin filtered to the organisation sees %d entries, its manager %d", len(one.Items), len(entries.Items))
		}
	})
	t.Run("ErrOtherOrganisation", func(t *testing.T) {
		for _, e := range a.allAudit(t, other.Manager, "", 100).Items {
			if e.OrganisationID != other.ID {
				t.Fatalf("another organisation's manager sees %+v", e)
			}
		}
		wantError(t, a.do("GET", "/api/v1/audit?organisation="+org.ID, nil, bearer(other.Manager)...), 403, "forbidden")
	})
	t.Run("ErrOrganiser", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/audit", nil, bearer(org.Organiser)...), 403, "forbidden")
	})
	t.Run("ErrUnauthorized", func(t *testing.T) {
		wantError(t, a.do("GET", "/api/v1/audit", nil), 401, "unauthorized")
	})
	t.Run("ErrBadQuery", func(t *testing.T) {
		for _, q := range []string{"limit=0", "limit=x", "cursor=%24%24%24", "cursor=" + url.QueryEscape("eyIkZ3QiOiIifQ")} {
			wantError(t, a.do("GET", "/api/v1/audit?"+q, nil, bearer(org.Manager)...), 400, "bad_request")
		}
	})
}
