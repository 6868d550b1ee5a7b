package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/storetest/seatcheck"
)

// signupJSON is the answer to a signup.
type signupJSON struct {
	ID               string `json:"id"`
	Status           string `json:"status"`
	WaitlistPosition *int   `json:"waitlist_position"`
	ManageToken      string `json:"manage_token"`
	ManageURL        string `json:"manage_url"`
}

// managedJSON is what GET /signups/{manage_token} answers.
type managedJSON struct {
	ID               string `json:"id"`
	ActivityID       string `json:"activity_id"`
	Name             string `json:"name"`
	Status           string `json:"status"`
	PartySize        int    `json:"party_size"`
	Language         string `json:"language"`
	WaitlistPosition *int   `json:"waitlist_position"`
	OnlineURL        string `json:"online_url"`
}

// staffSignupJSON is a signup as the staff list shows it.
type staffSignupJSON struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Email     string         `json:"email"`
	Phone     string         `json:"phone"`
	PartySize int            `json:"party_size"`
	Answers   map[string]any `json:"answers"`
	Status    string         `json:"status"`
	CreatedAt time.Time      `json:"created_at"`
	ConsentAt time.Time      `json:"consent_at"`
}

type staffSignupPage struct {
	Items      []staffSignupJSON `json:"items"`
	NextCursor *string           `json:"next_cursor"`
}

// signupBody is a valid signup body for email, with fields replaced by
// over (a nil value removes the field).
func signupBody(email string, over map[string]any) map[string]any {
	b := map[string]any{"name": "Olena Kovalenko", "email": email, "language": "uk", "consent": true}
	for k, v := range over {
		if v == nil {
			delete(b, k)
			continue
		}
		b[k] = v
	}
	return b
}

// signUp signs up and expects 201.
func (a *testApp) signUp(t testing.TB, activityID string, body map[string]any, headers ...string) signupJSON {
	t.Helper()
	var out signupJSON
	a.must(201, "POST", "/api/v1/activities/"+activityID+"/signups", body, headers...).JSON(t, &out)
	return out
}

// activity reads an activity as its organisation's staff see it.
func (a *testApp) activity(t testing.TB, token, id string) activityJSON {
	t.Helper()
	var out activityJSON
	a.must(200, "GET", "/api/v1/activities/"+id, nil, bearer(token)...).JSON(t, &out)
	return out
}

// allSignups reads every signup of an activity through the staff list,
// following the cursor.
func (a *testApp) allSignups(t testing.TB, token, activityID string) []staffSignupJSON {
	t.Helper()
	var all []staffSignupJSON
	path := "/api/v1/activities/" + activityID + "/signups?limit=100"
	for {
		var page staffSignupPage
		a.must(200, "GET", path, nil, bearer(token)...).JSON(t, &page)
		all = append(all, page.Items...)
		if page.NextCursor == nil {
			return all
		}
		path = "/api/v1/activities/" + activityID + "/signups?limit=100&cursor=" + *page.NextCursor
	}
}

// checkSeatInvariant asserts the seat invariant on what the API shows
// (seatcheck.Counters: the party sum of the signups holding seats equals
// seats_taken, within the capacity, and waitlist_count counts the waiting
// signups), plus the rules asked for, and that seats_left is what is free.
// It returns the signups by id.
func (a *testApp) checkSeatInvariant(t testing.TB, token, activityID string, rules ...seatcheck.Rule) map[string]staffSignupJSON {
	t.Helper()
	act := a.activity(t, token, activityID)
	if act.SeatsLeft != act.Capacity-act.SeatsTaken {
		t.Fatalf("seats_left %d, seats_taken %d, capacity %d", act.SeatsLeft, act.SeatsTaken, act.Capacity)
	}
	byID := map[string]staffSignupJSON{}
	var signups []models.Signup
	for _, su := range a.allSignups(t, token, activityID) {
		byID[su.ID] = su
		signups = append(signups, models.Signup{ID: su.ID, Status: su.Status, PartySize: su.PartySize})
	}
	seatcheck.Counters(t, &models.Activity{ID: act.ID, Capacity: act.Capacity, SeatsTaken: act.SeatsTaken,
		WaitlistCount: act.WaitlistCount}, signups, rules...)
	return byID
}

// signupOrg sets up an app with an organisation whose organiser's token
// is returned.
func signupOrg(t testing.TB, a *testApp) testOrg {
	t.Helper()
	return a.newOrg(t, a.adminToken(t), fmt.Sprintf("lib%d", time.Now().UnixNano()%1_000_000))
}
