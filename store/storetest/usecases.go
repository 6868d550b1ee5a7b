package storetest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/storetest/seatcheck"
)

// admin is the staff actor of the use cases.
var admin = &registration.Actor{User: models.User{ID: "admin", Email: "admin@example.org", Name: "Admin", Role: models.RoleAdmin}}

func (s *suite) useCases(t *testing.T) {
	t.Run("SignUpStorm/Waitlist", func(t *testing.T) {
		s.needConcurrent(t)
		f := s.fixture(t)
		const capacity, storm = 25, 300
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity, a.MaxPartySize, a.Waitlist = capacity, 3, true })
		svcs := f.instances(4)
		results := make([]signed, storm)
		race(storm, func(i int) {
			r := signed{email: fmt.Sprintf("storm%d@example.org", i), party: 1 + i%3}
			r.res, r.err = svcs[i%len(svcs)].SignUp(f.ctx, a.ID, "", input(r.email, r.party))
			results[i] = r
		})
		seated, positions := 0, map[int]string{}
		for i, r := range results {
			if r.err != nil {
				t.Fatalf("signup %d: %v", i, r.err)
			}
			switch r.res.Signup.Status {
			case models.SignupConfirmed:
				seated += r.party
			case models.SignupWaitlisted:
				if other, dup := positions[r.res.WaitlistPosition]; dup {
					t.Fatalf("waiting position %d given to %s and %s", r.res.WaitlistPosition, other, r.res.Signup.ID)
				}
				positions[r.res.WaitlistPosition] = r.res.Signup.ID
			default:
				t.Fatalf("signup %d answered %s", i, r.res.Signup.Status)
			}
		}
		got, all := f.checkSeats(a.ID)
		t.Run("NoOverbooking", func(t *testing.T) {
			if len(all) != storm {
				t.Fatalf("%d signups stored, %d answered", len(all), storm)
			}
			if got.SeatsTaken != seated || seated > capacity {
				t.Fatalf("seats_taken %d, confirmed in the answers %d, capacity %d", got.SeatsTaken, seated, capacity)
			}
			if len(positions)+len(got.SeatHolders) != storm {
				t.Fatalf("%d waiting + %d seated, want %d", len(positions), len(got.SeatHolders), storm)
			}
			for _, r := range results {
				if r.res.Signup.Status == models.SignupConfirmed && !got.HoldsSeats(r.res.Signup.ID) {
					t.Fatalf("%s answered confirmed holds no seats", r.email)
				}
			}
		})
		t.Run("WaitingListInOrder", func(t *testing.T) {
			// Positions answered are 1..n, and each is the signup's
			// place now (nobody left the list).
			for pos := 1; pos <= len(positions); pos++ {
				id, ok := positions[pos]
				if !ok {
					t.Fatalf("position %d of 1..%d never answered", pos, len(positions))
				}
				if now := got.WaitingPosition(id); now != pos {
					t.Fatalf("signup answered position %d is now at %d", pos, now)
				}
			}
			seatcheck.Check(t, got, slices.Collect(maps.Values(all)), seatcheck.NobodyWaitsWhoFits)
		})
		t.Run("EveryoneToldOnce", func(t *testing.T) {
			for _, r := range results {
				kind := notifications.KindConfirmed
				if r.res.Signup.Status == models.SignupWaitlisted {
					kind = notifications.KindWaitlisted
				}
				if !f.hasEmail(kind, r.res.Signup.ID) {
					t.Fatalf("no %s email for %s", kind, r.email)
				}
			}
			emails, err := f.st.ListOutbox(f.ctx, store.OutboxFilter{Limit: 2 * storm})
			must(t, err, "list outbox")
			if len(emails) != storm {
				t.Fatalf("%d emails queued for %d signups", len(emails), storm)
			}
		})
	})
	t.Run("SignUpStorm/ErrFullWithoutWaitlist", func(t *testing.T) {
		s.needConcurrent(t)
		f := s.fixture(t)
		const capacity, storm = 25, 300
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity, a.MaxPartySize, a.Waitlist = capacity, 3, false })
		svcs := f.instances(4)
		results := make([]signed, storm)
		race(storm, func(i int) {
			r := signed{email: fmt.Sprintf("storm%d@example.org", i), party: 1 + i%3}
			r.res, r.err = svcs[i%len(svcs)].SignUp(f.ctx, a.ID, "", input(r.email, r.party))
			results[i] = r
		})
		seated, confirmed, full := 0, 0, 0
		var refusedParties []int
		for i, r := range results {
			switch {
			case models.IsCode(r.err, models.ErrFull):
				full++
				refusedParties = append(refusedParties, r.party)
			case r.err != nil:
				t.Fatalf("signup %d: %v, want success or full", i, r.err)
			case r.res.Signup.Status != models.SignupConfirmed:
				t.Fatalf("signup %d answered %s without a waiting list", i, r.res.Signup.Status)
			default:
				confirmed++
				seated += r.party
			}
		}
		got, all := f.checkSeats(a.ID)
		if confirmed+full != storm {
			t.Fatalf("%d confirmed + %d full, want %d", confirmed, full, storm)
		}
		if got.SeatsTaken != seated || seated > capacity || len(got.SeatHolders) != confirmed {
			t.Fatalf("seats_taken %d for %d holders; answers: %d seats for %d confirmed, capacity %d",
				got.SeatsTaken, len(got.SeatHolders), seated, confirmed, capacity)
		}
		if len(all) != confirmed {
			t.Fatalf("%d signups stored, %d confirmed: a refused signup was kept", len(all), confirmed)
		}
		for _, p := range refusedParties {
			if p <= capacity-got.SeatsTaken {
				t.Fatalf("a party of %d was refused as full, yet %d seats are free", p, capacity-got.SeatsTaken)
			}
		}
		emails, err := f.st.ListOutbox(f.ctx, store.OutboxFilter{Limit: 2 * storm})
		must(t, err, "list outbox")
		if len(emails) != confirmed {
			t.Fatalf("%d emails queued for %d confirmed signups", len(emails), confirmed)
		}
	})
	t.Run("SignUpSameEmail/OneSucceeds", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity = 100 })
		svcs := f.instances(4)
		const n = 40
		results := make([]signed, n)
		race(n, func(i int) {
			email := "same@example.org"
			if i%2 == 1 {
				email = strings.ToUpper(email)
			}
			r := signed{email: email, party: 1}
			r.res, r.err = svcs[i%len(svcs)].SignUp(f.ctx, a.ID, "", input(email, 1))
			results[i] = r
		})
		accepted := 0
		for i, r := range results {
			switch {
			case r.err == nil:
				accepted++
			case !models.IsCode(r.err, models.ErrAlreadyRegistered):
				t.Fatalf("signup %d: %v, want success or already_registered", i, r.err)
			}
		}
		got, all := f.checkSeats(a.ID)
		if accepted != 1 || len(all) != 1 || got.SeatsTaken != 1 {
			t.Fatalf("%d accepted, %d stored, %d seats taken; want one of each", accepted, len(all), got.SeatsTaken)
		}
	})
	t.Run("CancelAndCapacityChanges/InvariantsHold", func(t *testing.T) {
		s.needConcurrent(t)
		s.cancelAndCapacity(t, 3)
	})
	t.Run("CancelAndCapacityChanges/OneInstancePromotesInOrder", func(t *testing.T) {
		// One instance: its activity lock orders the steps, so this
		// proves the waiting list's order on any store.
		s.cancelAndCapacity(t, 1)
	})
}

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
			_, err := svc.CancelSignup(f.ctx, admin, cancel[i])
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
