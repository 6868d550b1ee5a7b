package main

import (
	"strings"
	"testing"
)

// TestConsoleFormSaysWhoIsTold: the edit form of a published activity
// with people signed up says how many a change of time or place emails
// (the confirmed and the waiting); a draft's form says nothing.
func TestConsoleFormSaysWhoIsTold(t *testing.T) {
	a := startApp(t, nil)
	org := a.newOrg(t, a.adminToken(t), "told-lib")
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
	a.signUp(t, act.ID, signupBody("olena@example.org", nil))
	a.signUp(t, act.ID, signupBody("amal@example.org", nil))
	draft := a.createActivity(t, org.Organiser, activityBody(8, nil))
	c := a.consoleLogin(t, "organiser@told-lib.example.org", "password-organiser")

	body := wantConsolePage(t, c.get("/staff/activities/"+act.ID+"/edit"), 200)
	i := strings.Index(body, `id="change-notice"`)
	if i < 0 {
		t.Fatalf("the form of a published activity with signups does not say who is told:\n%s", body)
	}
	if line := body[i:min(len(body), i+400)]; !strings.Contains(line, "2") {
		t.Errorf("the notice does not count the 2 people: %s", line)
	}
	if body := wantConsolePage(t, c.get("/staff/activities/"+draft.ID+"/edit"), 200); strings.Contains(body, `id="change-notice"`) {
		t.Error("a draft's form says people will be told")
	}
}
