package main

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestCheckInWindow: with the default CHECKIN_OPENS_BEFORE (2h), staff
// cannot check anyone in 3h before the start (409 conflict, and the
// console offers no buttons) but can 1h before.
func TestCheckInWindow(t *testing.T) {
	a := startApp(t, map[string]string{"CHECKIN_OPENS_BEFORE": ""})
	org := a.newOrg(t, a.adminToken(t), "window-lib")
	c := a.consoleLogin(t, "organiser@window-lib.example.org", "password-organiser")
	startingIn := func(d time.Duration) (activityID, signupID string) {
		start := time.Now().Add(d).UTC().Truncate(time.Minute)
		id := a.publishedActivity(t, org.Organiser, activityBody(0, map[string]any{
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(2 * time.Hour).Format(time.RFC3339)})).ID
		return id, a.signUp(t, id, signupBody("door@example.org", nil)).ID
	}
	checkinForm := func(signupID string) string { return `action="/staff/signups/` + signupID + `/checkin"` }
	t.Run("RefusedThreeHoursBefore", func(t *testing.T) {
		id, su := startingIn(3 * time.Hour)
		wantError(t, a.do("PATCH", "/api/v1/signups/"+su, map[string]string{"status": "attended"}, bearer(org.Organiser)...), 409, "conflict")
		body := wantConsolePage(t, c.get("/staff/activities/"+id+"/attendees"), 200)
		if strings.Contains(body, checkinForm(su)) {
			t.Error("check-in buttons offered 3h before the start")
		}
		wantConsolePage(t, c.post("/staff/signups/"+su+"/checkin", url.Values{"status": {"attended"}, "activity": {id}}), 409)
	})
	t.Run("AcceptedOneHourBefore", func(t *testing.T) {
		id, su := startingIn(time.Hour)
		body := wantConsolePage(t, c.get("/staff/activities/"+id+"/attendees"), 200)
		wantContains(t, body, checkinForm(su))
		var got staffSignupJSON
		a.must(200, "PATCH", "/api/v1/signups/"+su, map[string]string{"status": "attended"}, bearer(org.Organiser)...).JSON(t, &got)
		if got.Status != "attended" {
			t.Fatalf("status %q, want attended", got.Status)
		}
	})
}
