package main

import (
	"slices"
	"testing"
)

// TestRepeatCopiesCarryNoOccurrenceState: the copies of a repeat are new
// occurrences of the activity's definition. Repeating a full activity
// with people waiting gives copies with no seats taken, nobody waiting
// and no signups; raising a copy's capacity, or freeing a seat on it,
// promotes nobody of the original; the original's own waiting list still
// moves up as before; and nobody gets an email about a date they did not
// sign up for. On both stores: MongoDB inserts the copies' documents
// whole, so anything copied is stored.
func TestRepeatCopiesCarryNoOccurrenceState(t *testing.T) {
	for _, store := range []string{"SQLite", "MongoDB"} {
		t.Run(store, func(t *testing.T) {
			box, smtpURL := newMailbox(t)
			env := map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"}
			if store == "MongoDB" {
				for k, v := range mongoEnv(t) {
					env[k] = v
				}
			}
			a := startApp(t, env)
			org := signupOrg(t, a)
			src := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 1}))
			first := a.signUp(t, src.ID, signupBody("first@example.org", nil))
			waiting := a.signUp(t, src.ID, signupBody("waiting@example.org", nil))
			second := a.signUp(t, src.ID, signupBody("second-waiting@example.org", nil))
			if first.Status != "confirmed" || waiting.Status != "waitlisted" || second.Status != "waitlisted" {
				t.Fatalf("setup: %s %s %s", first.Status, waiting.Status, second.Status)
			}

			var out struct {
				Items []activityJSON `json:"items"`
			}
			a.must(201, "POST", "/api/v1/activities/"+src.ID+"/repeat", map[string]any{"frequency": "weekly", "count": 2},
				bearer(org.Organiser)...).JSON(t, &out)
			if len(out.Items) != 2 {
				t.Fatalf("want 2 copies, got %d", len(out.Items))
			}
			copies := []string{out.Items[0].ID, out.Items[1].ID}
			for i, c := range out.Items {
				if c.SeatsTaken != 0 || c.SeatsLeft != 1 || c.WaitlistCount != 0 || c.Capacity != 1 || c.Status != "published" {
					t.Errorf("copy %d as repeat answered it: seats_taken %d, seats_left %d, waitlist_count %d, capacity %d, %s",
						i, c.SeatsTaken, c.SeatsLeft, c.WaitlistCount, c.Capacity, c.Status)
				}
				wantEmptyCopy(t, a, org.Organiser, c.ID)
			}

			// Seats freed on a copy, by a capacity raise or a cancellation,
			// have nobody of the original to go to.
			a.must(200, "PATCH", "/api/v1/activities/"+copies[0], map[string]any{"capacity": 3}, bearer(org.Organiser)...)
			wantEmptyCopy(t, a, org.Organiser, copies[0])
			onCopy := a.signUp(t, copies[1], signupBody("copy@example.org", nil))
			if onCopy.Status != "confirmed" {
				t.Fatalf("signup on an empty copy is %s, want confirmed", onCopy.Status)
			}
			a.must(200, "POST", "/api/v1/signups/"+onCopy.ManageToken+"/cancel", nil)
			wantEmptyCopy(t, a, org.Organiser, copies[1], "copy@example.org")

			// The original's waiting list moves up on the original only.
			a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
			byID := a.checkSeatInvariant(t, org.Organiser, src.ID)
			if byID[waiting.ID].Status != "confirmed" || byID[second.ID].Status != "waitlisted" {
				t.Fatalf("original after a cancellation: waiting %s, second %s; want confirmed, waitlisted",
					byID[waiting.ID].Status, byID[second.ID].Status)
			}
			wantEmptyCopy(t, a, org.Organiser, copies[0])
			wantEmptyCopy(t, a, org.Organiser, copies[1], "copy@example.org")

			// first: confirmed, cancelled; waiting: waitlisted, promoted
			// once (on the original); second: waitlisted; copy: confirmed,
			// cancelled. Nothing else.
			msgs := box.waitAll(t, a, 7)
			for addr, n := range map[string]int{"first@example.org": 2, "waiting@example.org": 2,
				"second-waiting@example.org": 1, "copy@example.org": 2} {
				if got := len(to(msgs, addr)); got != n {
					t.Errorf("%s got %d emails, want %d", addr, got, n)
				}
			}
		})
	}
}

// wantEmptyCopy fails unless the activity has no seats taken, nobody
// waiting, and no signup in its staff list but cancelled ones of the
// addresses in own (people who signed up for the copy itself).
func wantEmptyCopy(t testing.TB, a *testApp, token, id string, own ...string) {
	t.Helper()
	c := a.activity(t, token, id)
	if c.SeatsTaken != 0 || c.WaitlistCount != 0 || c.SeatsLeft != c.Capacity {
		t.Fatalf("copy %s: seats_taken %d, waitlist_count %d, seats_left %d of %d; want none taken or waiting",
			id, c.SeatsTaken, c.WaitlistCount, c.SeatsLeft, c.Capacity)
	}
	for _, su := range a.allSignups(t, token, id) {
		if su.Status != "cancelled" || !slices.Contains(own, su.Email) {
			t.Fatalf("copy %s lists %s (%s), want no signup", id, su.Email, su.Status)
		}
	}
}
