package storetest

// The use case in which cancellations, new signups and capacity changes
// run at once through several instances.

import (
	"fmt"
	"slices"
	"testing"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store/storetest/seatcheck"
)

// cancelAndCapacity fills an activity and its waiting list, then through
// n instances at once cancels confirmed and waiting signups, signs new
// people up and raises and lowers the capacity.
func (s *suite) cancelAndCapacity(t *testing.T, n int) {
	f := s.fixture(t)
	a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity, a.MaxPartySize = 10, 3 })
	svcs := f.instances(n)
	for i := range 30 {
		_, err := svcs[0].SignUp(f.ctx, a.ID, "", input(fmt.Sprintf("first%d@example.org", i), []int{2, 1, 3}[i%3]))
		must(t, err, "sign up")
	}
	before, _ := f.checkSeats(a.ID)
	originalOrder := holderIDs(before.WaitingList)
	if len(before.SeatHolders) < 6 || len(originalOrder) < 12 {
		t.Fatalf("fixture: %d seated, %d waiting", len(before.SeatHolders), len(originalOrder))
	}
	// Cancel the first six seated, and four from the middle of the list.
	var cancel []string
	for _, h := range before.SeatHolders[:6] {
		cancel = append(cancel, h.SignupID)
	}
	cancel = append(cancel, originalOrder[3], originalOrder[5], originalOrder[6], originalOrder[9])
	capacities := []int{14, 8, 12, 6, 16, 9, 11, 7, 17, 13, 10, 15}
	const newcomers = 10
	type op struct {
		what string
		err  error
	}
	ops := make([]op, len(cancel)+len(capacities)+newcomers)
	race(len(ops), func(i int) {
		svc := svcs[i%len(svcs)]
		switch {
		case i < len(cancel):
			_, err := svc.CancelSignup(f.ctx, admin, cancel[i], true)
			ops[i] = op{"cancel " + cancel[i], err}
		case i < len(cancel)+len(capacities):
			c := capacities[i-len(cancel)]
			_, err := svc.UpdateActivity(f.ctx, admin, a.ID, &models.ActivityRequest{Capacity: &c})
			if models.IsCode(err, models.ErrCapacityBelowTaken) {
				err = nil // refused, rightly, while more seats were taken
			}
			ops[i] = op{fmt.Sprintf("capacity %d", c), err}
		default:
			email := fmt.Sprintf("late%d@example.org", i)
			_, err := svc.SignUp(f.ctx, a.ID, "", input(email, 1+i%2))
			ops[i] = op{"sign up " + email, err}
		}
	})
	for _, o := range ops {
		must(t, o.err, o.what)
	}
	// What the store guarantees at once, whatever the interleaving.
	after := f.checkLists(a.ID)
	if !slices.Contains(capacities, after.Capacity) {
		t.Fatalf("capacity %d was never asked for", after.Capacity)
	}
	wasWaiting := map[string]int{} // id -> original position
	for i, id := range originalOrder {
		wasWaiting[id] = i
	}
	// The list keeps its order: who waited before still waits in the
	// same order, ahead of everyone who joined since.
	checkOrder := func(a *models.Activity) {
		t.Helper()
		last, joined := -1, false
		for _, h := range a.WaitingList {
			pos, old := wasWaiting[h.SignupID]
			switch {
			case old && joined:
				t.Fatalf("signup %s, waiting before, is behind a newcomer", h.SignupID)
			case old && pos < last:
				t.Fatalf("signup %s moved ahead on the waiting list", h.SignupID)
			case old:
				last = pos
			default:
				joined = true
			}
		}
	}
	checkOrder(after)
	// One instance orders the steps with its activity lock, and a
	// transactional store commits each request's steps whole, in one
	// order: then nothing lags behind at any moment. Otherwise steps of
	// several instances may interleave so that a signup's status lags
	// behind the activity (promoted while its own instance was telling it
	// it waits, say), or a seat freed by one stays free while another puts
	// someone on the list: the reconciler, which the scheduler runs,
	// finishes those.
	serial := n == 1 || f.st.Transactional()
	if !serial {
		must(t, svcs[0].ReconcileActivity(f.ctx, a.ID), "reconcile")
	}
	after, all := f.checkSeats(a.ID, seatcheck.NobodyWaitsWhoFits)
	checkOrder(after)
	for _, id := range cancel {
		if su := all[id]; su.Status != models.SignupCancelled {
			t.Fatalf("cancelled signup %s is %s", id, su.Status)
		}
	}
	if len(all) != 30+newcomers {
		t.Fatalf("%d signups stored, want %d", len(all), 30+newcomers)
	}
	for id := range wasWaiting {
		if all[id].Status == models.SignupConfirmed && !f.hasEmail(notifications.KindPromoted, id) {
			t.Fatalf("signup %s promoted without its email", id)
		}
	}
	if !serial {
		return
	}
	// Every promotion walked the list in order as it stood: who still
	// waits ahead of a promoted signup did not fit then, being a larger
	// party.
	for id, pos := range wasWaiting {
		if all[id].Status != models.SignupConfirmed {
			continue
		}
		for _, w := range after.WaitingList {
			if wpos, old := wasWaiting[w.SignupID]; old && wpos < pos && w.Party <= all[id].PartySize {
				t.Fatalf("#%d (party %d) promoted ahead of #%d (party %d)", pos+1, all[id].PartySize, wpos+1, w.Party)
			}
		}
	}
	// And the reconciler finds nothing to do.
	must(t, svcs[0].ReconcileActivity(f.ctx, a.ID), "reconcile")
	again, _ := f.checkSeats(a.ID)
	if !slices.Equal(again.SeatHolders, after.SeatHolders) || !slices.Equal(again.WaitingList, after.WaitingList) {
		t.Fatalf("the reconciler changed the lists of a consistent activity:\n holders %v -> %v\n waiting %v -> %v",
			after.SeatHolders, again.SeatHolders, after.WaitingList, again.WaitingList)
	}
}
