package main

import (
	"fmt"
	"testing"
)

// TestActivityCancelCrash kills the real binary with SIGKILL while it
// tells the 270 people of an activity that it is cancelled (after the
// 100th email is queued). On the embedded store the cancellation and the
// emails to everyone are one transaction: after the restart the activity
// is still published and nobody was half told, so the organiser cancels
// again (the console still offers it) and then all 270 are told, once.
func TestActivityCancelCrash(t *testing.T) {
	bin := buildAgoraWithTags(t, "faultinject")
	dir := t.TempDir()
	run := func(fault string) *process {
		t.Helper()
		return startProcess(t, bin, processEnv(dir, map[string]string{
			"ADMIN_EMAIL": testAdminEmail, "ADMIN_PASSWORD": testAdminPassword, "AGORA_FAULT": fault}))
	}
	const people = 270
	p := run("cancel-activity:told:100")
	c := newCrashClient(t, p)
	c.admin = c.adminToken(t)
	org := c.newOrg(t, c.admin, "cancel-crash")
	act := c.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 250}))
	c.activity = act.ID
	for i := range people {
		c.signUp(t, act.ID, signupBody(fmt.Sprintf("person%03d@example.org", i), nil))
	}
	cancelBody := map[string]any{"reason": map[string]string{"en": "The hall is flooded"}}
	_, err := c.try("POST", "/api/v1/activities/"+act.ID+"/cancel", cancelBody, bearer(org.Organiser)...)
	wantKilled(t, p, err)

	p = run("")
	c = c.on(p)
	told := func() int {
		n := 0
		for _, e := range c.allOutbox(t, c.admin) {
			if e.Kind == "activity_cancelled" {
				n++
			}
		}
		return n
	}
	if got := c.testApp.activity(t, c.admin, act.ID); got.Status != "published" || got.SeatsTaken != 250 || got.WaitlistCount != 20 {
		t.Fatalf("after the crash: %s, %d seats taken, %d waiting; want the activity as it was", got.Status, got.SeatsTaken, got.WaitlistCount)
	}
	if n := told(); n != 0 {
		t.Fatalf("%d people told of a cancellation that did not happen", n)
	}
	c.must(200, "POST", "/api/v1/activities/"+act.ID+"/cancel", cancelBody, bearer(org.Organiser)...)
	if n := told(); n != people {
		t.Fatalf("%d of %d people told", n, people)
	}
	c.must(200, "POST", "/api/v1/activities/"+act.ID+"/cancel", cancelBody, bearer(org.Organiser)...)
	if n := told(); n != people {
		t.Fatalf("a repeated cancel: %d emails for %d people", n, people)
	}
	p.stop()
}
