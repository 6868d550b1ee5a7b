package main

import (
	"fmt"
	"testing"
	"time"
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

// checkSeatInvariant asserts what must hold under any concurrency: the
// party sum of the signups holding seats equals seats_taken, within the
// capacity, and waitlist_count counts the waiting signups. It returns the
// signups by id.
func (a *testApp) checkSeatInvariant(t testing.TB, token, activityID string) map[string]staffSignupJSON {
	t.Helper()
	act := a.activity(t, token, activityID)
	byID := map[string]staffSignupJSON{}
	seated, waiting := 0, 0
	for _, su := range a.allSignups(t, token, activityID) {
		byID[su.ID] = su
		switch su.Status {
		case "confirmed", "attended", "no_show":
			seated += su.PartySize
		case "waitlisted":
			waiting++
		}
	}
	if seated != act.SeatsTaken || seated > act.Capacity || act.SeatsLeft != act.Capacity-act.SeatsTaken {
		t.Fatalf("confirmed party sum %d, seats_taken %d, seats_left %d, capacity %d",
			seated, act.SeatsTaken, act.SeatsLeft, act.Capacity)
	}
	if act.WaitlistCount != waiting {
		t.Fatalf("waitlist_count %d, %d signups waiting", act.WaitlistCount, waiting)
	}
	return byID
}

// signupOrg sets up an app with an organisation whose organiser's token
// is returned.
func signupOrg(t testing.TB, a *testApp) testOrg {
	t.Helper()
	return a.newOrg(t, a.adminToken(t), fmt.Sprintf("lib%d", time.Now().UnixNano()%1_000_000))
}
