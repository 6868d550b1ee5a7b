package main

import (
	"testing"
)

// TestSeriesSignupCrashRecovery kills the real binary in the middle of a
// series signup, after two of its three dates were placed and before its
// email, and restarts it on the same DATA_DIR: recovery at start finishes
// it (the third date, the one email), and the retried request with the
// same Idempotency-Key answers it with every date, each held once.
func TestSeriesSignupCrashRecovery(t *testing.T) {
	bin := buildAgoraWithTags(t, "faultinject")
	dir := t.TempDir()
	run := func(fault string) *process {
		t.Helper()
		return startProcess(t, bin, processEnv(dir, map[string]string{
			"ADMIN_EMAIL": testAdminEmail, "ADMIN_PASSWORD": testAdminPassword, "AGORA_FAULT": fault}))
	}
	p := run("series:placed:2")
	c := newCrashClient(t, p)
	c.setUp(t)
	var rep struct {
		Items []activityJSON `json:"items"`
	}
	c.must(201, "POST", "/api/v1/activities/"+c.activity+"/repeat",
		map[string]any{"frequency": "weekly", "count": 2, "series_signup": true}, bearer(c.admin)...).JSON(t, &rep)
	series := *rep.Items[0].SeriesID
	path := "/api/v1/series/" + series + "/signups"
	body := signupBody("maria@example.org", nil)
	_, err := c.try("POST", path, body, "Idempotency-Key", "key-series")
	wantKilled(t, p, err)

	p = run("")
	c = c.on(p)
	r, err := c.try("POST", path, body, "Idempotency-Key", "key-series")
	mustNot(t, err)
	if r.Status != 201 {
		t.Fatalf("retry: %d %s", r.Status, r.Body)
	}
	var got seriesSignupJSON
	r.JSON(t, &got)
	if len(got.Occurrences) != 3 {
		t.Fatalf("occurrences: %+v", got.Occurrences)
	}
	for _, oc := range got.Occurrences {
		if oc.Status != "confirmed" {
			t.Fatalf("a date is %s after recovery: %+v", oc.Status, got.Occurrences)
		}
		if act := c.testApp.activity(t, c.admin, oc.ActivityID); act.SeatsTaken != 1 {
			t.Fatalf("date %s: seats_taken %d, want 1 (one signup each)", oc.ActivityID, act.SeatsTaken)
		}
		c.checkSeatInvariant(t, c.admin, oc.ActivityID)
	}
	var m seriesSignupJSON
	c.must(200, "GET", "/api/v1/signups/"+got.ManageToken, nil).JSON(t, &m)
	if m.SeriesID != series || len(m.Occurrences) != 3 {
		t.Fatalf("manage view: %+v", m)
	}
	var outbox struct {
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	}
	c.must(200, "GET", "/api/v1/outbox?limit=100", nil, bearer(c.admin)...).JSON(t, &outbox)
	kinds := map[string]int{}
	for _, e := range outbox.Items {
		kinds[e.Kind]++
	}
	if kinds["series_confirmed"] != 1 || kinds["confirmed"] != 0 {
		t.Fatalf("emails %v, want one series_confirmed and no per-date confirmation", kinds)
	}
	p.stop()
}
