package main

import "testing"

func TestSmokeActivities(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "smoke")
	act := a.publishedActivity(t, org.Organiser, activityBody(3, nil))
	r := a.must(200, "GET", "/api/v1/activities", nil)
	t.Logf("%s", r.Body)
	r = a.must(200, "GET", "/api/v1/activities/"+act.ID+".ics", nil)
	t.Logf("%s %v", r.Body, r.Header)
}
