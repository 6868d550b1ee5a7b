package main

import (
	"strings"
	"testing"
	"time"
)

func TestManageSignup(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	// full gives a subtest its own activity of 2 seats, both held by the
	// pair first, with waiting first in line.
	full := func(t *testing.T) (act activityJSON, first, waiting signupJSON) {
		t.Helper()
		act = a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 2, "max_party_size": 2}))
		first = a.signUp(t, act.ID, signupBody("first@example.org", map[string]any{"party_size": 2}))
		waiting = a.signUp(t, act.ID, signupBody("waiting@example.org", nil))
		if first.Status != "confirmed" || waiting.Status != "waitlisted" {
			t.Fatalf("first %s, waiting %s", first.Status, waiting.Status)
		}
		return act, first, waiting
	}

	t.Run("OK", func(t *testing.T) {
		act, first, _ := full(t)
		var m managedJSON
		a.must(200, "GET", "/api/v1/signups/"+first.ManageToken, nil).JSON(t, &m)
		if m.ID != first.ID || m.ActivityID != act.ID || m.Name != "Olena Kovalenko" || m.Status != "confirmed" ||
			m.PartySize != 2 || m.Language != "uk" || m.WaitlistPosition != nil {
			t.Fatalf("%+v", m)
		}
		if m.OnlineURL != "https://meet.example.org/x" {
			t.Fatalf("confirmed signup of a hybrid activity: online_url %q", m.OnlineURL)
		}
	})
	t.Run("WaitlistedSeesPositionNotOnlineURL", func(t *testing.T) {
		_, _, waiting := full(t)
		r := a.must(200, "GET", "/api/v1/signups/"+waiting.ManageToken, nil)
		var m managedJSON
		r.JSON(t, &m)
		if m.Status != "waitlisted" || m.WaitlistPosition == nil || *m.WaitlistPosition != 1 {
			t.Fatalf("%+v", m)
		}
		if strings.Contains(string(r.Body), "online_url") || strings.Contains(string(r.Body), "meet.example.org") {
			t.Fatalf("a waitlisted signup sees the online link: %s", r.Body)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, first, _ := full(t)
		for _, token := range []string{"nope", strings.Repeat("A", 43), first.ID, first.ManageToken[:42] + "x"} {
			wantError(t, a.do("GET", "/api/v1/signups/"+token, nil), 404, "not_found")
			wantError(t, a.do("POST", "/api/v1/signups/"+token+"/cancel", nil), 404, "not_found")
			wantError(t, a.do("DELETE", "/api/v1/signups/"+token, nil), 404, "not_found")
		}
	})
	t.Run("CancelPromotes", func(t *testing.T) {
		act, first, waiting := full(t)
		r := a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		var out struct {
			Status string `json:"status"`
		}
		r.JSON(t, &out)
		if out.Status != "cancelled" {
			t.Fatalf("%s", r.Body)
		}
		var m managedJSON
		a.must(200, "GET", "/api/v1/signups/"+waiting.ManageToken, nil).JSON(t, &m)
		if m.Status != "confirmed" || m.WaitlistPosition != nil || m.OnlineURL == "" {
			t.Fatalf("the waiting signup was not promoted: %+v", m)
		}
		a.checkSeatInvariant(t, org.Organiser, act.ID)
	})
	t.Run("CancelAgainIsOK", func(t *testing.T) {
		act, first, _ := full(t)
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		if got := a.activity(t, org.Organiser, act.ID); got.SeatsTaken != 1 {
			t.Fatalf("seats_taken %d after a repeated cancel, want 1", got.SeatsTaken)
		}
	})
	t.Run("SignUpAgainAfterCancel", func(t *testing.T) {
		act, first, _ := full(t)
		a.must(200, "POST", "/api/v1/signups/"+first.ManageToken+"/cancel", nil)
		again := a.signUp(t, act.ID, signupBody("FIRST@example.org", nil))
		if again.Status != "confirmed" || again.ID == first.ID {
			t.Fatalf("%+v", again)
		}
	})
	t.Run("ErrActivityStarted", func(t *testing.T) {
		soon := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
		su := a.signUp(t, soon.ID, signupBody("late@example.org", nil))
		now := time.Now()
		a.must(200, "PATCH", "/api/v1/activities/"+soon.ID, map[string]any{
			"starts_at": now.Add(-time.Minute).Format(time.RFC3339), "ends_at": now.Add(time.Hour).Format(time.RFC3339)},
			bearer(org.Organiser)...)
		wantError(t, a.do("POST", "/api/v1/signups/"+su.ManageToken+"/cancel", nil), 409, "activity_started")
		var m managedJSON
		a.must(200, "GET", "/api/v1/signups/"+su.ManageToken, nil).JSON(t, &m)
		if m.Status != "confirmed" {
			t.Fatalf("status %s after a refused cancel", m.Status)
		}
	})
	t.Run("EraseKeepsCounts", func(t *testing.T) {
		other := a.publishedActivity(t, org.Organiser, activityBody(8, map[string]any{"capacity": 1}))
		seated := a.signUp(t, other.ID, signupBody("erase-me@example.org", map[string]any{"phone": "+48 111 222 333"}))
		next := a.signUp(t, other.ID, signupBody("next@example.org", nil))
		a.must(204, "DELETE", "/api/v1/signups/"+seated.ManageToken, nil)
		wantError(t, a.do("GET", "/api/v1/signups/"+seated.ManageToken, nil), 404, "not_found")
		wantError(t, a.do("DELETE", "/api/v1/signups/"+seated.ManageToken, nil), 404, "not_found")
		byID := a.checkSeatInvariant(t, org.Organiser, other.ID)
		erased := byID[seated.ID]
		if erased.Status != "cancelled" || erased.Name != "" || erased.Email != "" || erased.Phone != "" ||
			erased.PartySize != 1 {
			t.Fatalf("erased signup: %+v", erased)
		}
		if byID[next.ID].Status != "confirmed" {
			t.Fatalf("the freed seat was not given to the waiting list: %+v", byID[next.ID])
		}
		// The email is free again.
		a.signUp(t, other.ID, signupBody("erase-me@example.org", nil))
	})
}
