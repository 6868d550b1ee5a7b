package main

import (
	"testing"
	"time"
)

// endActivity moves an activity into the past: it started start ago and
// ended an hour later.
func (a *testApp) endActivity(t testing.TB, token, id string, start time.Duration) {
	t.Helper()
	at := time.Now().Add(-start).Truncate(time.Second)
	a.must(200, "PATCH", "/api/v1/activities/"+id, map[string]any{
		"starts_at": at.Format(time.RFC3339), "ends_at": at.Add(time.Hour).Format(time.RFC3339)}, bearer(token)...)
}

// waitRetentionRun returns once a retention run has both started and
// finished after it was called: it moves a sentinel activity with one
// signup into the past (started ago), due for erasure, and waits until it
// is erased. That run read every activity due when it started, so an
// activity the test expects kept and that is still intact was not due.
// Sleeping for "a few runs" instead proves nothing on a slow machine.
func (a *testApp) waitRetentionRun(t testing.TB, org testOrg, ago time.Duration) {
	t.Helper()
	sentinel := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, sentinel.ID, signupBody("sentinel@example.org", nil))
	a.endActivity(t, org.Organiser, sentinel.ID, ago)
	a.waitErased(t, org.Organiser, sentinel.ID)
}

// waitErased waits until every signup of an activity has lost its name
// and email, and returns them.
func (a *testApp) waitErased(t testing.TB, token, activityID string) []staffSignupJSON {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		all := a.allSignups(t, token, activityID)
		left := 0
		for _, su := range all {
			if su.Name != "" || su.Email != "" {
				left++
			}
		}
		if left == 0 {
			return all
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d signups still hold personal data", left, len(all))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// auditPage is a page of GET /api/v1/audit.
type auditPage struct {
	Items []struct {
		ID             string    `json:"id"`
		OrganisationID string    `json:"organisation_id"`
		ActorID        string    `json:"actor_id"`
		ActorEmail     string    `json:"actor_email"`
		ActorRole      string    `json:"actor_role"`
		Action         string    `json:"action"`
		TargetType     string    `json:"target_type"`
		TargetID       string    `json:"target_id"`
		Detail         string    `json:"detail"`
		At             time.Time `json:"at"`
	} `json:"items"`
	NextCursor *string `json:"next_cursor"`
}
