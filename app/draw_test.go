package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// Draws over HTTP: signups before draw_at join the pool; the draw, made
// with a fixed seed through the hook the scheduler calls with a random
// one, gives the documented order (registration's draw.go: the pool by
// signup time, then a Fisher–Yates shuffle driven by ChaCha8 seeded with
// the seed); the seed is in the audit log; after the draw, first come,
// first served.

// drawnOrder is the documented order, computed here independently of
// the product's code: the index, in signup order, of each signup drawn.
func drawnOrder(seed [32]byte, n int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	r := rand.New(rand.NewChaCha8(seed))
	for i := n - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		order[i], order[j] = order[j], order[i]
	}
	return order
}

func TestDraw(t *testing.T) {
	box, smtpURL := newMailbox(t)
	a := startApp(t, map[string]string{"SMTP_URL": smtpURL, "SCHEDULER_INTERVAL": "1h"})
	org := signupOrg(t, a)
	drawAt := time.Now().Add(3 * time.Second).Truncate(time.Second).Add(time.Second)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 2,
		"draw_at": drawAt.Format(time.RFC3339)}))

	const n = 5
	pool := make([]signupJSON, n)
	for i := range pool {
		pool[i] = a.signUp(t, act.ID, signupBody(fmt.Sprintf("p%d@example.org", i), nil))
		if pool[i].Status != "pending_draw" || pool[i].WaitlistPosition != nil {
			t.Fatalf("signup %d before the draw: %s %v", i, pool[i].Status, pool[i].WaitlistPosition)
		}
	}
	if got := a.activity(t, org.Organiser, act.ID); got.SeatsTaken != 0 || got.WaitlistCount != 0 {
		t.Fatalf("before the draw: %d taken, %d waiting", got.SeatsTaken, got.WaitlistCount)
	}
	msgs := box.waitAll(t, a, n)
	if msgs[0].Subject != box.subject("uk", "pending_draw", offerTitle) {
		t.Fatalf("pool email %q", msgs[0].Subject)
	}
	page := a.must(200, "GET", "/activities/"+act.ID, nil, "Accept-Language", "pl")
	if want := "Miejsca zostaną rozlosowane"; !strings.Contains(string(page.Body), want) {
		t.Fatalf("the activity page does not explain the draw (%q)", want)
	}

	// In the pool, a party waits for the draw as it is: no edit form,
	// and a change is refused with nothing changed.
	manage := string(a.must(200, "GET", "/signups/"+pool[0].ManageToken, nil).Body)
	if strings.Contains(manage, `name="party_size"`) {
		t.Error("the manage page of a signup in the draw's pool offers to change the party")
	}
	wantError(t, a.do("PATCH", "/api/v1/signups/"+pool[0].ManageToken, map[string]any{"party_size": 2}), 409, "conflict")

	time.Sleep(time.Until(drawAt) + 50*time.Millisecond)
	var seed [32]byte
	for i := range seed {
		seed[i] = byte(i + 1)
	}
	// The documented order for this seed, written out so that a change
	// of the algorithm is seen.
	order := drawnOrder(seed, n)
	if fmt.Sprint(order) != "[3 4 1 2 0]" {
		t.Fatalf("the documented order of seed 1..32 is %v, want [3 4 1 2 0]", order)
	}
	if err := a.main.reg.Draw(context.Background(), act.ID, seed); err != nil {
		t.Fatal(err)
	}
	t.Run("DocumentedOrder", func(t *testing.T) {
		for rank, k := range order {
			status, _ := a.managed(t, pool[k].ManageToken)
			var m managedJSON
			a.must(200, "GET", "/api/v1/signups/"+pool[k].ManageToken, nil).JSON(t, &m)
			switch {
			case rank < 2 && status != "confirmed":
				t.Fatalf("drawn %d-th (signup %d) is %s, want confirmed", rank+1, k, status)
			case rank >= 2 && (status != "waitlisted" || m.WaitlistPosition == nil || *m.WaitlistPosition != rank-1):
				t.Fatalf("drawn %d-th (signup %d) is %s at %v, want waitlisted at %d", rank+1, k, status, m.WaitlistPosition, rank-1)
			}
		}
		got := a.activity(t, org.Organiser, act.ID)
		if got.SeatsTaken != 2 || got.WaitlistCount != 3 {
			t.Fatalf("after the draw: %d taken, %d waiting", got.SeatsTaken, got.WaitlistCount)
		}
	})
	t.Run("EveryoneIsTold", func(t *testing.T) {
		msgs := box.waitAll(t, a, 2*n)
		for rank, k := range order {
			got := to(msgs, fmt.Sprintf("p%d@example.org", k))
			kind := "confirmed"
			if rank >= 2 {
				kind = "waitlisted"
			}
			if len(got) != 2 || got[1].Subject != box.subject("uk", kind, offerTitle) {
				t.Fatalf("signup %d got %d emails, want the pool's and %s", k, len(got), kind)
			}
		}
	})
	t.Run("SeedInTheAuditLog", func(t *testing.T) {
		want := "seed=" + hex.EncodeToString(seed[:])
		for _, e := range a.allAudit(t, a.adminToken(t), "", 100).Items {
			if e.Action == "activity.draw" && e.TargetID == act.ID && strings.Contains(e.Detail, want) {
				return
			}
		}
		t.Fatalf("no activity.draw entry with %s", want)
	})
	t.Run("ThenFirstComeFirstServed", func(t *testing.T) {
		a.runScheduler() // the draw is made: no second one
		late := a.signUp(t, act.ID, signupBody("late@example.org", nil))
		if late.Status != "waitlisted" || late.WaitlistPosition == nil || *late.WaitlistPosition != 4 {
			t.Fatalf("a signup after the draw: %s at %v, want waitlisted at 4", late.Status, late.WaitlistPosition)
		}
		if status, _ := a.managed(t, pool[order[0]].ManageToken); status != "confirmed" {
			t.Fatalf("the first drawn is %s after a second scheduler pass", status)
		}
	})
}

func TestDrawValidation(t *testing.T) {
	a := startApp(t, nil)
	org := signupOrg(t, a)
	past := time.Now().Add(-time.Hour).Format(time.RFC3339)
	r := a.do("POST", "/api/v1/activities", activityBody(7, map[string]any{"draw_at": past}), bearer(org.Organiser)...)
	wantError(t, r, 422, "validation_failed")
	if !strings.Contains(string(r.Body), `"draw_at"`) {
		t.Fatalf("no error on draw_at: %s", r.Body)
	}
	late := time.Now().AddDate(0, 0, 30).Format(time.RFC3339)
	r = a.do("POST", "/api/v1/activities", activityBody(7, map[string]any{"draw_at": late}), bearer(org.Organiser)...)
	wantError(t, r, 422, "validation_failed")
	r = a.do("POST", "/api/v1/activities", activityBody(7, map[string]any{"draw_at": time.Now().Add(time.Hour).Format(time.RFC3339),
		"waitlist": false}), bearer(org.Organiser)...)
	wantError(t, r, 422, "validation_failed")
	// A draw time that passed while the activity was a draft cannot be
	// published.
	act := a.createActivity(t, org.Organiser, activityBody(7, map[string]any{
		"draw_at": time.Now().Add(1500 * time.Millisecond).Format(time.RFC3339Nano)}))
	time.Sleep(1600 * time.Millisecond)
	wantError(t, a.do("POST", "/api/v1/activities/"+act.ID+"/publish", nil, bearer(org.Organiser)...), 422, "validation_failed")
}

// TestDrawAtTheFirstSignupAfterIt: when a signup comes after draw_at
// before the scheduler made the draw, the pool is drawn first (with a
// random seed, recorded), then the newcomer is served: the pool keeps its
// precedence.
func TestDrawAtTheFirstSignupAfterIt(t *testing.T) {
	a := startApp(t, map[string]string{"SCHEDULER_INTERVAL": "1h"})
	org := signupOrg(t, a)
	drawAt := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 2,
		"draw_at": drawAt.Format(time.RFC3339)}))
	var pool []signupJSON
	for i := range 2 {
		pool = append(pool, a.signUp(t, act.ID, signupBody(fmt.Sprintf("p%d@example.org", i), nil)))
	}
	time.Sleep(time.Until(drawAt) + 50*time.Millisecond)
	late := a.signUp(t, act.ID, signupBody("late@example.org", nil))
	if late.Status != "waitlisted" || late.WaitlistPosition == nil || *late.WaitlistPosition != 1 {
		t.Fatalf("the first signup after draw_at: %s at %v, want waitlisted at 1 behind the pool", late.Status, late.WaitlistPosition)
	}
	for i, su := range pool {
		if status, _ := a.managed(t, su.ManageToken); status != "confirmed" {
			t.Fatalf("pool member %d is %s after the draw", i, status)
		}
	}
	draws := 0
	for _, e := range a.allAudit(t, a.adminToken(t), "", 100).Items {
		if e.Action == "activity.draw" && e.TargetID == act.ID && strings.Contains(e.Detail, "seed=") {
			draws++
		}
	}
	a.runScheduler()
	if draws != 1 {
		t.Fatalf("%d draws recorded, want 1", draws)
	}
	if got := a.activity(t, org.Organiser, act.ID); got.SeatsTaken != 2 || got.WaitlistCount != 1 {
		t.Fatalf("after the scheduler: %d taken, %d waiting", got.SeatsTaken, got.WaitlistCount)
	}
}
