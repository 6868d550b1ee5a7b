package storetest

import (
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/web"
)

// admin is the staff actor of the use cases.
var admin = &registration.Actor{User: models.User{ID: "admin", Email: "admin@example.org", Name: "Admin", Role: models.RoleAdmin}}

// instances returns n Services on the fixture's store, as n processes
// sharing it would run: each has its own activity lock, so only the
// store keeps them from overbooking. Each queues its emails into the real
// outbox of the store.
func (f *fixture) instances(n int) []*registration.Service {
	f.t.Helper()
	catalog, err := web.NewCatalog()
	must(f.t, err, "catalog")
	renderer, err := notifications.NewRenderer(catalog)
	must(f.t, err, "renderer")
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	out := make([]*registration.Service, n)
	for i := range out {
		outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: f.st, Renderer: renderer, BaseURL: "http://agora.test"})
		must(f.t, err, "outbox")
		out[i] = registration.New(registration.Options{Store: f.st, Mail: outbox, Logger: logger,
			SecretKey: "0123456789abcdef0123456789abcdef", BaseURL: "http://agora.test"})
	}
	return out
}

func input(email string, party int) registration.SignupInput {
	return registration.SignupInput{Name: "Ana " + email, Email: email, PartySize: party, Language: "uk", Consent: true}
}

// signed is the answer to one signup request.
type signed struct {
	email string
	party int
	res   *registration.SignupResult
	err   error
}

// allSignups reads every signup of an activity, in any status.
func (f *fixture) allSignups(activityID string) map[string]models.Signup {
	f.t.Helper()
	statuses := []string{models.SignupPending, models.SignupConfirmed, models.SignupWaitlisted, models.SignupCancelled,
		models.SignupAttended, models.SignupNoShow}
	out := map[string]models.Signup{}
	var after *store.SignupCursor
	for {
		page, err := f.st.ListSignups(f.ctx, activityID, statuses, after, 200)
		must(f.t, err, "list signups")
		for _, su := range page {
			if _, dup := out[su.ID]; dup {
				f.t.Fatalf("signup %s listed twice", su.ID)
			}
			out[su.ID] = su
		}
		if len(page) < 200 {
			return out
		}
		last := page[len(page)-1]
		after = &store.SignupCursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
}

// checkLists asserts what the store alone guarantees at any moment, even
// while the steps of several instances interleave: no signup is twice on
// the lists, seats_taken is the party sum of the holders, within
// capacity, the waiting list's length is counted, and a list of
// activities shows the same figures as the activity itself.
func (f *fixture) checkLists(activityID string) *models.Activity {
	t := f.t
	t.Helper()
	a := f.read(activityID)
	seen := map[string]bool{}
	taken := 0
	for i, h := range append(slices.Clone(a.SeatHolders), a.WaitingList...) {
		if seen[h.SignupID] {
			t.Fatalf("signup %s is twice on the lists", h.SignupID)
		}
		seen[h.SignupID] = true
		if i < len(a.SeatHolders) {
			taken += h.Party
		}
	}
	if a.SeatsTaken != taken || taken > a.Capacity {
		t.Fatalf("seats_taken %d, holders' parties %d, capacity %d", a.SeatsTaken, taken, a.Capacity)
	}
	if a.WaitlistCount != len(a.WaitingList) {
		t.Fatalf("waitlist count %d, waiting list of %d", a.WaitlistCount, len(a.WaitingList))
	}
	listed, err := f.st.ListActivities(f.ctx, store.ActivityQuery{
		Scopes:    []store.ActivityScope{{Statuses: []string{a.Status}, OrganisationID: a.OrganisationID}},
		EndsAfter: f.now, Limit: 100})
	must(t, err, "list activities")
	i := slices.IndexFunc(listed, func(l models.Activity) bool { return l.ID == a.ID })
	if i < 0 {
		t.Fatalf("activity %s not listed", a.ID)
	}
	if l := listed[i]; l.SeatsTaken != a.SeatsTaken || l.WaitlistCount != a.WaitlistCount || l.Capacity != a.Capacity {
		t.Fatalf("listed with %d taken, %d waiting, capacity %d; the activity says %d, %d, %d",
			l.SeatsTaken, l.WaitlistCount, l.Capacity, a.SeatsTaken, a.WaitlistCount, a.Capacity)
	}
	return a
}

// checkSeats asserts, besides checkLists, what the activity and its
// signups must agree on once every request has answered and nothing is
// left for the reconciler: no signup is pending, the seat holders are
// exactly the signups holding seats, each with its party, and the waiting
// list exactly the waitlisted signups.
func (f *fixture) checkSeats(activityID string) (*models.Activity, map[string]models.Signup) {
	t := f.t
	t.Helper()
	a := f.checkLists(activityID)
	all := f.allSignups(activityID)
	where := map[string]string{}
	for list, hs := range map[string][]models.SeatHolder{"holders": a.SeatHolders, "waiting list": a.WaitingList} {
		for _, h := range hs {
			where[h.SignupID] = list
			su, ok := all[h.SignupID]
			switch {
			case !ok:
				t.Fatalf("the %s name signup %s, which does not exist", list, h.SignupID)
			case su.PartySize != h.Party:
				t.Fatalf("signup %s: party %d, %d on the %s", su.ID, su.PartySize, h.Party, list)
			case list == "holders" && !models.SignupHoldsSeat(su.Status):
				t.Fatalf("signup %s holds seats but is %s", su.ID, su.Status)
			case list == "waiting list" && su.Status != models.SignupWaitlisted:
				t.Fatalf("signup %s waits but is %s", su.ID, su.Status)
			}
		}
	}
	for _, su := range all {
		switch {
		case su.Status == models.SignupPending:
			t.Fatalf("signup %s still pending", su.ID)
		case models.SignupHoldsSeat(su.Status) && where[su.ID] != "holders":
			t.Fatalf("signup %s is %s but holds no seats", su.ID, su.Status)
		case su.Status == models.SignupWaitlisted && where[su.ID] != "waiting list":
			t.Fatalf("signup %s is waitlisted but not on the waiting list", su.ID)
		}
	}
	return a, all
}

// nobodyWaitsWhoFits fails when a waiting party fits into the free seats.
func nobodyWaitsWhoFits(t *testing.T, a *models.Activity) {
	t.Helper()
	free := a.Capacity - a.SeatsTaken
	for i, w := range a.WaitingList {
		if w.Party <= free {
			t.Fatalf("waiting #%d (party %d) fits into %d free seats", i+1, w.Party, free)
		}
	}
}

// hasEmail reports whether the email of kind about a signup is queued.
func (f *fixture) hasEmail(kind, signupID string) bool {
	f.t.Helper()
	_, err := f.st.OutboxByDedupKey(f.ctx, notifications.SignupDedupKey(kind, signupID))
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		f.t.Fatalf("email: %v", err)
	}
	return err == nil
}

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
			nobodyWaitsWhoFits(t, got)
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
	after, all := f.checkSeats(a.ID)
	checkOrder(after)
	nobodyWaitsWhoFits(t, after)
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
