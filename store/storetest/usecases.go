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
		seated, positions := 0, map[string]int{}
		for i, r := range results {
			if r.err != nil {
				t.Fatalf("signup %d: %v", i, r.err)
			}
			switch r.res.Signup.Status {
			case models.SignupConfirmed:
				seated += r.party
			case models.SignupWaitlisted:
				// Two answers may name one position: a signup made
				// earlier but decided later goes ahead (WaitingListInOrder).
				positions[r.res.Signup.ID] = r.res.WaitlistPosition
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
			// The waiting list is in signup time order (made unique by
			// each instance; equal times keep their joining order), not in
			// the order the requests took the lock; an answered position
			// may only have grown since (nobody left the list).
			if len(got.WaitingList) != len(positions) {
				t.Fatalf("%d waiting, %d answered waitlisted", len(got.WaitingList), len(positions))
			}
			for i, h := range got.WaitingList {
				su := all[h.SignupID]
				if h.Queue != models.QueueAt(su.CreatedAt) {
					t.Fatalf("%s waits with queue %d, signed up at %d", su.Email, h.Queue, models.QueueAt(su.CreatedAt))
				}
				if i > 0 && got.WaitingList[i-1].Queue > h.Queue {
					t.Fatalf("waiting list out of signup order at %d: %v", i+1, got.WaitingList)
				}
				if answered := positions[h.SignupID]; answered < 1 || answered > i+1 {
					t.Fatalf("%s answered position %d is now at %d", su.Email, answered, i+1)
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
			if got.Fits(p) {
				t.Fatalf("a party of %d was refused as full, yet %d seats are free", p, got.SeatsLeft())
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
