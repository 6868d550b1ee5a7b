// Package seatcheck is the one statement of the seat invariant that tests
// check: an activity's seats_taken is the party sum of the signups holding
// seats, within its capacity; its waiting list holds exactly the waitlisted
// signups; and, where a test needs it, nobody waits who fits. Store
// conformance, use-case and HTTP tests all call it, so the invariant is
// written once and every layer is held to the same one.
//
// It reads plain fields only (models.Activity and models.Signup as any
// layer can fill them) and depends on nothing but models, so that tests of
// registration, of the stores and of the app can import it without cycles.
package seatcheck

import (
	"slices"
	"testing"

	"github.com/agora-events/agora/models"
)

// Rule is an invariant that holds only at some moments, asked for by the
// test that knows it is at such a moment.
type Rule int

const (
	// Settled: every request has answered and nothing is left for the
	// reconciler, so no signup is pending.
	Settled Rule = iota + 1
	// NobodyWaitsWhoFits: promotion has run, so no waiting party fits
	// into the free seats.
	NobodyWaitsWhoFits
)

// Lists fails t unless activity a (read from a store, with its holders and
// waiting list) is consistent on its own: no signup is twice on the lists,
// seats_taken is the party sum of the holders and within capacity, and
// waitlist_count is the waiting list's length. This holds at any moment,
// even while requests interleave, because the store changes lists and
// counters in one write.
func Lists(t testing.TB, a *models.Activity) {
	t.Helper()
	seen := map[string]bool{}
	taken := 0
	for i, h := range append(slices.Clone(a.SeatHolders), a.WaitingList...) {
		if seen[h.SignupID] {
			t.Fatalf("activity %s: signup %s is twice on the lists", a.ID, h.SignupID)
		}
		seen[h.SignupID] = true
		if i < len(a.SeatHolders) {
			taken += h.Party
		}
	}
	if a.SeatsTaken != taken || taken > a.Capacity {
		t.Fatalf("activity %s: seats_taken %d, holders' parties %d, capacity %d", a.ID, a.SeatsTaken, taken, a.Capacity)
	}
	if a.WaitlistCount != len(a.WaitingList) {
		t.Fatalf("activity %s: waitlist count %d, waiting list of %d", a.ID, a.WaitlistCount, len(a.WaitingList))
	}
}

// Check fails t unless activity a, read from a store with its lists, and
// all its signups agree: Lists holds, the holders are exactly the signups
// holding seats and the waiting list exactly the waitlisted ones, each
// with its party, and the counters agree with the statuses (Counters).
func Check(t testing.TB, a *models.Activity, signups []models.Signup, rules ...Rule) {
	t.Helper()
	Lists(t, a)
	byID := make(map[string]models.Signup, len(signups))
	for _, su := range signups {
		byID[su.ID] = su
	}
	where := map[string]string{}
	for list, hs := range map[string][]models.SeatHolder{"holders": a.SeatHolders, "waiting list": a.WaitingList} {
		for _, h := range hs {
			where[h.SignupID] = list
			su, ok := byID[h.SignupID]
			switch {
			case !ok:
				t.Fatalf("activity %s: the %s name signup %s, which does not exist", a.ID, list, h.SignupID)
			case su.PartySize != h.Party:
				t.Fatalf("signup %s: party %d, %d on the %s", su.ID, su.PartySize, h.Party, list)
			case list == "holders" && !models.SignupHoldsSeat(su.Status):
				t.Fatalf("signup %s holds seats but is %s", su.ID, su.Status)
			case list == "waiting list" && su.Status != models.SignupWaitlisted:
				t.Fatalf("signup %s waits but is %s", su.ID, su.Status)
			}
		}
	}
	for _, su := range signups {
		switch {
		case models.SignupHoldsSeat(su.Status) && where[su.ID] != "holders":
			t.Fatalf("signup %s is %s but holds no seats", su.ID, su.Status)
		case su.Status == models.SignupWaitlisted && where[su.ID] != "waiting list":
			t.Fatalf("signup %s is waitlisted but not on the waiting list", su.ID)
		}
	}
	Counters(t, a, signups, rules...)
}

// Counters fails t unless the counters of activity a agree with the
// statuses of all its signups: seats_taken is the party sum of the signups
// holding seats, within capacity, and waitlist_count counts the waitlisted
// ones. It needs no holder lists, so it serves tests that see the activity
// only as the API shows it; Check calls it too.
func Counters(t testing.TB, a *models.Activity, signups []models.Signup, rules ...Rule) {
	t.Helper()
	seated, waiting := 0, 0
	for _, su := range signups {
		switch {
		case models.SignupHoldsSeat(su.Status):
			seated += su.PartySize
		case su.Status == models.SignupWaitlisted:
			waiting++
		case su.Status == models.SignupPending && slices.Contains(rules, Settled):
			t.Fatalf("signup %s still pending", su.ID)
		}
	}
	if a.SeatsTaken != seated || seated > a.Capacity {
		t.Fatalf("activity %s: seats_taken %d, party sum of the signups holding seats %d, capacity %d",
			a.ID, a.SeatsTaken, seated, a.Capacity)
	}
	if a.WaitlistCount != waiting {
		t.Fatalf("activity %s: waitlist count %d, %d signups waitlisted", a.ID, a.WaitlistCount, waiting)
	}
	if slices.Contains(rules, NobodyWaitsWhoFits) {
		for _, su := range signups {
			if su.Status == models.SignupWaitlisted && a.Fits(su.PartySize) {
				t.Fatalf("signup %s (party %d) waits but fits into %d free seats", su.ID, su.PartySize, a.SeatsLeft())
			}
		}
	}
}
