package main

import (
	"strings"
	"testing"
)

// TestPublicReadsNeverStale: the public list, activity page and JSON are
// answered from a cache, but every change made through the service shows
// at once — a signup's seat, an edit, a cancellation — and staff are never
// served the public answer.
func TestPublicReadsNeverStale(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 5}))
	seatsLeft := func() int {
		t.Helper()
		var page activityPage
		a.must(200, "GET", "/api/v1/activities", nil).JSON(t, &page)
		for _, it := range page.Items {
			if it.ID == act.ID {
				return it.SeatsLeft
			}
		}
		t.Fatalf("activity %s not in the public list", act.ID)
		return 0
	}
	t.Run("OKSignupShowsAtOnce", func(t *testing.T) {
		before := seatsLeft()
		_ = seatsLeft() // a second read is the cached one
		a.signUp(t, act.ID, signupBody("cache@example.org", nil))
		if after := seatsLeft(); after != before-1 {
			t.Fatalf("seats left %d after a signup, want %d", after, before-1)
		}
	})
	t.Run("OKEditShowsAtOnce", func(t *testing.T) {
		path := "/activities/" + act.ID
		_ = a.page(t, path)
		a.must(200, "PATCH", "/api/v1/activities/"+act.ID, map[string]any{"title": map[string]string{"en": "Renamed café"}},
			bearer(org.Organiser)...)
		if body := string(a.page(t, path).Body); !strings.Contains(body, "Renamed café") {
			t.Fatal("the activity page still shows the old title")
		}
	})
	t.Run("OKStaffSeeWhatThePublicDoesNot", func(t *testing.T) {
		online := a.publishedActivity(t, org.Organiser, activityBody(8, map[string]any{
			"venue": map[string]string{"name": "Online", "online_url": "https://meet.example.org/cafe"}}))
		path := "/api/v1/activities/" + online.ID
		var public activityJSON
		a.must(200, "GET", path, nil).JSON(t, &public)
		a.must(200, "GET", path, nil) // now cached
		if public.Venue["online_url"] != "" {
			t.Fatal("the public saw the online link")
		}
		var staff activityJSON
		a.must(200, "GET", path, nil, bearer(org.Organiser)...).JSON(t, &staff)
		if staff.Venue["online_url"] != "https://meet.example.org/cafe" {
			t.Fatalf("staff were served the public answer: venue %v", staff.Venue)
		}
	})
}
