package main

import (
	"fmt"
	"sync"
	"testing"
)

// TestCapacityChangesRaceSignups changes the capacity while people sign
// up: every PATCH either applies or is capacity_below_taken, and the seats
// taken never exceed the capacity.
func TestCapacityChangesRaceSignups(t *testing.T) {
	a := startApp(t, nil)
	admin := a.adminToken(t)
	org := a.newOrg(t, admin, "race")
	act := a.publishedActivity(t, org.Organiser, activityBody(3, map[string]any{"capacity": 10}))
	path := "/api/v1/activities/" + act.ID

	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a.do("POST", path+"/signups", map[string]any{"name": "P", "email": fmt.Sprintf("p%d@example.org", i),
				"language": "en", "consent": true})
			if r.Status != 201 {
				errs <- fmt.Sprintf("signup %d: %d %s", i, r.Status, r.Body)
			}
		}()
	}
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a.do("PATCH", path, map[string]any{"capacity": 4 + i}, bearer(org.Organiser)...)
			if r.Status != 200 && r.ErrorCode() != "capacity_below_taken" {
				errs <- fmt.Sprintf("patch %d: %d %s", i, r.Status, r.Body)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var got activityJSON
	a.must(200, "GET", path, nil, bearer(org.Organiser)...).JSON(t, &got)
	if got.SeatsTaken > got.Capacity || got.SeatsLeft != got.Capacity-got.SeatsTaken {
		t.Fatalf("seats taken %d, capacity %d, left %d", got.SeatsTaken, got.Capacity, got.SeatsLeft)
	}
	if got.SeatsTaken+got.WaitlistCount != 24 {
		t.Fatalf("%d confirmed + %d waiting, want 24 signups in all", got.SeatsTaken, got.WaitlistCount)
	}
}
