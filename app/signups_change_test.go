package main

import (
	"strings"
	"testing"
	"time"
)

// changedJSON is the attendee's view of a signup with its answers.
type changedJSON struct {
	managedJSON
	Answers map[string]any `json:"answers"`
}

func TestChangeSignup(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "MAIL_RETRY_BASE": "50ms"})
	org := signupOrg(t, a)
	diet := []map[string]any{{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}}}
	// full is an activity of 4 seats held by a party of 3 and a single,
	// with a pair waiting.
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{
		"capacity": 4, "max_party_size": 3, "questions": diet}))
	trio := a.signUp(t, act.ID, signupBody("trio@example.org", map[string]any{"party_size": 3}))
	single := a.signUp(t, act.ID, signupBody("single@example.org", nil))
	pair := a.signUp(t, act.ID, signupBody("pair@example.org", map[string]any{"party_size": 2}))
	if pair.Status != "waitlisted" {
		t.Fatalf("pair %s", pair.Status)
	}
	patch := func(token string, body any) *response { return a.do("PATCH", "/api/v1/signups/"+token, body) }
	get := func(token string) changedJSON {
		var m changedJSON
		a.must(200, "GET", "/api/v1/signups/"+token, nil).JSON(t, &m)
		return m
	}

	// More than the free seats: nothing changes.
	wantError(t, patch(single.ManageToken, map[string]any{"party_size": 2}), 409, "no_seats")
	if m := get(single.ManageToken); m.PartySize != 1 || m.Status != "confirmed" {
		t.Fatalf("after no_seats: %+v", m)
	}
	if got := a.activity(t, org.Organiser, act.ID); got.SeatsTaken != 4 {
		t.Fatalf("seats_taken %d after no_seats", got.SeatsTaken)
	}
	// Bad input: refused, translated, nothing changed.
	for _, body := range []map[string]any{{"party_size": 0}, {"party_size": 4}, {"party_size": "2"},
		{"answers": map[string]any{"colour": "red"}}, {"name": "Someone else"}} {
		wantError(t, patch(trio.ManageToken, body), 422, "validation_failed")
	}
	r := a.do("PATCH", "/api/v1/signups/"+trio.ManageToken+"?lang=pl", map[string]any{"party_size": 0})
	if fields := fieldErrors(t, r); fields["party_size"] == "" || fields["party_size"] == "must be at least 1" {
		t.Errorf("party_size error not in Polish: %v", fields)
	}
	if m := get(trio.ManageToken); m.PartySize != 3 || len(m.Answers) != 0 {
		t.Fatalf("after bad input: %+v", m)
	}

	// Fewer: the seats are freed and the pair moves up, and is told.
	var m changedJSON
	a.must(200, "PATCH", "/api/v1/signups/"+trio.ManageToken, map[string]any{"party_size": 1,
		"answers": map[string]any{"diet": "vegan"}}).JSON(t, &m)
	if m.PartySize != 1 || m.Status != "confirmed" || m.Answers["diet"] != "vegan" {
		t.Fatalf("changed: %+v", m)
	}
	if got := get(pair.ManageToken); got.Status != "confirmed" {
		t.Fatalf("the pair was not promoted: %+v", got)
	}
	a.checkSeatInvariant(t, org.Organiser, act.ID)
	msgs := box.waitAll(t, a, 4) // three answers to signups, one promotion
	if got := to(msgs, "pair@example.org"); len(got) != 2 || !strings.HasPrefix(got[1].Subject, box.subject("uk", "promoted", "")) {
		t.Fatalf("emails to the pair: %+v", got)
	}
	// The same again changes nothing, and so does an empty change.
	for _, body := range []map[string]any{{"party_size": 1, "answers": map[string]any{"diet": "vegan"}}, {}} {
		var again changedJSON
		a.must(200, "PATCH", "/api/v1/signups/"+trio.ManageToken, body).JSON(t, &again)
		if again.PartySize != 1 || again.Answers["diet"] != "vegan" {
			t.Fatalf("a repeated change: %+v", again)
		}
	}

	t.Run("WaitingPartyKeepsItsPlace", func(t *testing.T) {
		act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 3, "max_party_size": 3}))
		a.signUp(t, act.ID, signupBody("holder@example.org", map[string]any{"party_size": 2}))
		first := a.signUp(t, act.ID, signupBody("first@example.org", map[string]any{"party_size": 3}))
		a.signUp(t, act.ID, signupBody("second@example.org", map[string]any{"party_size": 2}))
		var m changedJSON
		a.must(200, "PATCH", "/api/v1/signups/"+first.ManageToken, map[string]any{"party_size": 2}).JSON(t, &m)
		if m.Status != "waitlisted" || m.WaitlistPosition == nil || *m.WaitlistPosition != 1 || m.PartySize != 2 {
			t.Fatalf("%+v", m)
		}
		// Now it fits into the free seat: it moves up at once.
		a.must(200, "PATCH", "/api/v1/signups/"+first.ManageToken, map[string]any{"party_size": 1}).JSON(t, &m)
		if m.Status != "confirmed" || m.WaitlistPosition != nil {
			t.Fatalf("a waiting party that now fits: %+v", m)
		}
		a.checkSeatInvariant(t, org.Organiser, act.ID)
	})
	t.Run("ErrSignupCancelled", func(t *testing.T) {
		a.must(200, "POST", "/api/v1/signups/"+single.ManageToken+"/cancel", nil)
		wantError(t, patch(single.ManageToken, map[string]any{"party_size": 1}), 409, "signup_cancelled")
	})
	t.Run("ErrActivityStarted", func(t *testing.T) {
		soon := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"max_party_size": 3}))
		su := a.signUp(t, soon.ID, signupBody("late@example.org", nil))
		now := time.Now()
		a.must(200, "PATCH", "/api/v1/activities/"+soon.ID, map[string]any{
			"starts_at": now.Add(-time.Minute).Format(time.RFC3339), "ends_at": now.Add(time.Hour).Format(time.RFC3339)},
			bearer(org.Organiser)...)
		wantError(t, patch(su.ManageToken, map[string]any{"party_size": 2}), 409, "activity_started")
		if m := get(su.ManageToken); m.PartySize != 1 {
			t.Fatalf("changed after the start: %+v", m)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantError(t, patch("A"+trio.ManageToken[1:], map[string]any{"party_size": 1}), 404, "not_found")
		wantError(t, patch(trio.ID, map[string]any{"party_size": 1}), 401, "unauthorized")
	})
}
