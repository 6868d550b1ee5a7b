package storetest

import (
	"testing"

	"github.com/agora-events/agora/models"
)

// seatsFixture is a published activity of capacity 3 with a waiting list,
// and pending signups: a pair, a single, a trio and another single.
type seatsFixture struct {
	*fixture
	a                       *models.Activity
	pair, single, trio, one *models.Signup
}

func (s *suite) seatsFixture(t *testing.T, edit func(a *models.Activity)) *seatsFixture {
	t.Helper()
	f := s.fixture(t)
	a := f.activity(f.org().ID, func(a *models.Activity) {
		a.Capacity, a.MaxPartySize = 3, 3
		if edit != nil {
			edit(a)
		}
	})
	return &seatsFixture{fixture: f, a: a,
		pair: f.signup(a, "pair@example.org", 2, nil), single: f.signup(a, "single@example.org", 1, nil),
		trio: f.signup(a, "trio@example.org", 3, nil), one: f.signup(a, "one@example.org", 1, nil)}
}

func (s *suite) seats(t *testing.T) {
	t.Run("ClaimSeats/OK", func(t *testing.T) {
		f := s.seatsFixture(t, nil)
		after := applied(t, "claim 2 of 3")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		wantHolders(t, after, []models.SeatHolder{holder(f.pair)}, nil, "returned")
		after = applied(t, "claim the last seat")(f.st.ClaimSeats(f.ctx, after, holder(f.single)))
		wantHolders(t, after, []models.SeatHolder{holder(f.pair), holder(f.single)}, nil, "returned")
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair), holder(f.single)}, nil, "stored")
	})
	t.Run("ClaimSeats/RefusedWhenThePartyDoesNotFit", func(t *testing.T) {
		f := s.seatsFixture(t, nil)
		applied(t, "claim 2 of 3")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		// A caller whose read says the trio fits (an old read) must be
		// refused too: the free seats are checked when writing.
		stale := *f.a
		refused(t, "claim 3 with 1 free, stale read")(f.st.ClaimSeats(f.ctx, &stale, holder(f.trio)))
		refused(t, "claim 3 with 1 free")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.trio)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)}, nil, "stored")
	})
	t.Run("ClaimSeats/RefusedWhenTheCapacityChangedSinceRead", func(t *testing.T) {
		f := s.seatsFixture(t, nil)
		read := f.read(f.a.ID)
		edit := f.read(f.a.ID)
		edit.Capacity = 5
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "raise the capacity")
		refused(t, "claim with the capacity read before the raise")(f.st.ClaimSeats(f.ctx, read, holder(f.pair)))
		wantHolders(t, f.read(f.a.ID), nil, nil, "stored")
		after := applied(t, "claim after reading again")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		wantHolders(t, after, []models.SeatHolder{holder(f.pair)}, nil, "returned")
	})
	t.Run("ClaimSeats/RefusedAboveALoweredCapacity", func(t *testing.T) {
		f := s.seatsFixture(t, func(a *models.Activity) { a.Capacity = 5 })
		read := f.read(f.a.ID)
		applied(t, "claim 2 of 5")(f.st.ClaimSeats(f.ctx, read, holder(f.pair)))
		edit := f.read(f.a.ID)
		edit.Capacity = 3
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "lower the capacity to 3")
		// The old read says 3 of 5 are free; only 1 of 3 is.
		refused(t, "claim 3 with the capacity read before the cut")(f.st.ClaimSeats(f.ctx, read, holder(f.trio)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)}, nil, "stored")
	})
	t.Run("ClaimSeats/RefusedWhenNotPublished", func(t *testing.T) {
		for _, status := range []string{models.StatusDraft, models.StatusCancelled} {
			t.Run(status, func(t *testing.T) {
				f := s.seatsFixture(t, func(a *models.Activity) { a.Status = status })
				refused(t, "claim on "+status)(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.single)))
				wantHolders(t, f.read(f.a.ID), nil, nil, "stored")
			})
		}
		t.Run("CancelledSinceRead", func(t *testing.T) {
			f := s.seatsFixture(t, nil)
			read := f.read(f.a.ID)
			wantTrue(t, "cancel")(f.st.SetActivityStatus(f.ctx, f.a.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, f.now))
			refused(t, "claim with a read from before the cancel")(f.st.ClaimSeats(f.ctx, read, holder(f.single)))
			wantHolders(t, f.read(f.a.ID), nil, nil, "stored")
		})
	})
	t.Run("ClaimSeats/RefusedWhenAlreadyPlaced", func(t *testing.T) {
		f := s.seatsFixture(t, func(a *models.Activity) { a.Capacity = 10 })
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		refused(t, "claim again")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(f.single)))
		refused(t, "claim while waiting")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.single)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)}, []models.SeatHolder{holder(f.single)}, "stored")
	})
	t.Run("JoinWaitingList/OKInOrder", func(t *testing.T) {
		f := s.seatsFixture(t, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		var after *models.Activity
		for _, su := range []*models.Signup{f.trio, f.single, f.one} {
			after = applied(t, "join "+su.Email)(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(su)))
		}
		want := []models.SeatHolder{holder(f.trio), holder(f.single), holder(f.one)}
		wantHolders(t, after, []models.SeatHolder{holder(f.pair)}, want, "returned")
		stored := f.read(f.a.ID)
		wantHolders(t, stored, []models.SeatHolder{holder(f.pair)}, want, "stored")
		for i, su := range []*models.Signup{f.trio, f.single, f.one} {
			if p := stored.WaitingPosition(su.ID); p != i+1 {
				t.Fatalf("%s at %d, want %d", su.Email, p, i+1)
			}
		}
	})
	t.Run("JoinWaitingList/RefusedWithoutAWaitingList", func(t *testing.T) {
		f := s.seatsFixture(t, func(a *models.Activity) { a.Waitlist = false })
		refused(t, "join without a waiting list")(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(f.single)))
		wantHolders(t, f.read(f.a.ID), nil, nil, "stored")
	})
	t.Run("JoinWaitingList/RefusedWhenTheWaitingListWasClosedSinceRead", func(t *testing.T) {
		f := s.seatsFixture(t, nil)
		read := f.read(f.a.ID)
		edit := f.read(f.a.ID)
		edit.Waitlist = false
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "close the waiting list")
		refused(t, "join with a read from before")(f.st.JoinWaitingList(f.ctx, read, holder(f.single)))
		wantHolders(t, f.read(f.a.ID), nil, nil, "stored")
	})
	t.Run("JoinWaitingList/RefusedWhenNotPublished", func(t *testing.T) {
		for _, status := range []string{models.StatusDraft, models.StatusCancelled} {
			t.Run(status, func(t *testing.T) {
				f := s.seatsFixture(t, func(a *models.Activity) { a.Status = status })
				refused(t, "join on "+status)(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(f.single)))
				wantHolders(t, f.read(f.a.ID), nil, nil, "stored")
			})
		}
	})
	t.Run("JoinWaitingList/RefusedWhenAlreadyPlaced", func(t *testing.T) {
		f := s.seatsFixture(t, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(f.trio)))
		refused(t, "join again")(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(f.trio)))
		refused(t, "join while holding seats")(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(f.pair)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)}, []models.SeatHolder{holder(f.trio)}, "stored")
	})
	// promoteFixture: the pair holds 2 of 3 seats; the trio, the single
	// and the other single wait, in this order.
	promoteFixture := func(t *testing.T) *seatsFixture {
		t.Helper()
		f := s.seatsFixture(t, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		for _, su := range []*models.Signup{f.trio, f.single, f.one} {
			applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(su)))
		}
		return f
	}
	t.Run("PromoteFromWaitingList/OK", func(t *testing.T) {
		f := promoteFixture(t)
		after := applied(t, "promote the single")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(f.single)))
		holders := []models.SeatHolder{holder(f.pair), holder(f.single)}
		waiting := []models.SeatHolder{holder(f.trio), holder(f.one)}
		wantHolders(t, after, holders, waiting, "returned")
		wantHolders(t, f.read(f.a.ID), holders, waiting, "stored")
	})
	t.Run("PromoteFromWaitingList/RefusedWhenThePartyDoesNotFit", func(t *testing.T) {
		f := promoteFixture(t)
		refused(t, "promote 3 into 1 free seat")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(f.trio)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)},
			[]models.SeatHolder{holder(f.trio), holder(f.single), holder(f.one)}, "stored")
	})
	t.Run("PromoteFromWaitingList/RefusedAboveALoweredCapacity", func(t *testing.T) {
		f := promoteFixture(t)
		read := f.read(f.a.ID) // capacity 3, 1 free
		edit := f.read(f.a.ID)
		edit.Capacity, edit.MaxPartySize = 2, 2
		must(t, f.st.UpdateActivityDetails(f.ctx, edit), "lower the capacity to the seats taken")
		refused(t, "promote into a seat that is gone")(f.st.PromoteFromWaitingList(f.ctx, read, holder(f.single)))
		got := f.read(f.a.ID)
		if got.SeatsTaken > got.Capacity {
			t.Fatalf("seats_taken %d above capacity %d", got.SeatsTaken, got.Capacity)
		}
		wantHolders(t, got, []models.SeatHolder{holder(f.pair)},
			[]models.SeatHolder{holder(f.trio), holder(f.single), holder(f.one)}, "stored")
	})
	t.Run("PromoteFromWaitingList/RefusedWhenNotWaiting", func(t *testing.T) {
		f := promoteFixture(t)
		extra := f.signup(f.a, "extra@example.org", 1, nil)
		refused(t, "promote one on neither list")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(extra)))
		refused(t, "promote a holder")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(f.pair)))
		applied(t, "promote")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(f.one)))
		refused(t, "promote twice")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(f.one)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair), holder(f.one)},
			[]models.SeatHolder{holder(f.trio), holder(f.single)}, "stored")
	})
	t.Run("PromoteFromWaitingList/RefusedWhenCancelled", func(t *testing.T) {
		f := promoteFixture(t)
		read := f.read(f.a.ID)
		wantTrue(t, "cancel")(f.st.SetActivityStatus(f.ctx, f.a.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, f.now))
		refused(t, "promote on a cancelled activity")(f.st.PromoteFromWaitingList(f.ctx, read, holder(f.single)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)},
			[]models.SeatHolder{holder(f.trio), holder(f.single), holder(f.one)}, "stored")
	})
	t.Run("ReleaseSeats/OK", func(t *testing.T) {
		f := promoteFixture(t)
		applied(t, "promote")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(f.single)))
		after := applied(t, "release the pair")(f.st.ReleaseSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		waiting := []models.SeatHolder{holder(f.trio), holder(f.one)}
		wantHolders(t, after, []models.SeatHolder{holder(f.single)}, waiting, "returned")
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.single)}, waiting, "stored")
	})
	t.Run("ReleaseSeats/RefusedWhenNotHolding", func(t *testing.T) {
		f := promoteFixture(t)
		read := f.read(f.a.ID)
		applied(t, "release")(f.st.ReleaseSeats(f.ctx, read, holder(f.pair)))
		// The same read again, as a repeated request would: released once.
		refused(t, "release twice")(f.st.ReleaseSeats(f.ctx, read, holder(f.pair)))
		refused(t, "release one who waits")(f.st.ReleaseSeats(f.ctx, f.read(f.a.ID), holder(f.trio)))
		wantHolders(t, f.read(f.a.ID), nil, []models.SeatHolder{holder(f.trio), holder(f.single), holder(f.one)}, "stored")
	})
	t.Run("ReleaseSeats/OKOnACancelledActivity", func(t *testing.T) {
		f := promoteFixture(t)
		wantTrue(t, "cancel")(f.st.SetActivityStatus(f.ctx, f.a.ID, []string{models.StatusPublished}, models.StatusCancelled, nil, f.now))
		applied(t, "release")(f.st.ReleaseSeats(f.ctx, f.read(f.a.ID), holder(f.pair)))
		applied(t, "leave")(f.st.LeaveWaitingList(f.ctx, f.read(f.a.ID), holder(f.single)))
		wantHolders(t, f.read(f.a.ID), nil, []models.SeatHolder{holder(f.trio), holder(f.one)}, "stored")
	})
	t.Run("LeaveWaitingList/OKKeepsTheOrder", func(t *testing.T) {
		f := promoteFixture(t)
		after := applied(t, "leave from the middle")(f.st.LeaveWaitingList(f.ctx, f.read(f.a.ID), holder(f.single)))
		waiting := []models.SeatHolder{holder(f.trio), holder(f.one)}
		wantHolders(t, after, []models.SeatHolder{holder(f.pair)}, waiting, "returned")
		// Who joins now is last.
		late := f.signup(f.a, "late@example.org", 1, nil)
		after = applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(f.a.ID), holder(late)))
		waiting = append(waiting, holder(late))
		wantHolders(t, after, []models.SeatHolder{holder(f.pair)}, waiting, "returned")
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)}, waiting, "stored")
	})
	t.Run("LeaveWaitingList/RefusedWhenNotWaiting", func(t *testing.T) {
		f := promoteFixture(t)
		read := f.read(f.a.ID)
		applied(t, "leave")(f.st.LeaveWaitingList(f.ctx, read, holder(f.trio)))
		refused(t, "leave twice")(f.st.LeaveWaitingList(f.ctx, read, holder(f.trio)))
		refused(t, "leave as a holder")(f.st.LeaveWaitingList(f.ctx, f.read(f.a.ID), holder(f.pair)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)},
			[]models.SeatHolder{holder(f.single), holder(f.one)}, "stored")
	})
	t.Run("FromASummary/OK", func(t *testing.T) {
		// Each change takes the activity as read by ActivitySummary,
		// without its lists: the store checks the lists itself.
		f := s.seatsFixture(t, nil)
		summary := func() *models.Activity {
			t.Helper()
			a, err := f.st.ActivitySummary(f.ctx, f.a.ID)
			must(t, err, "summary")
			return a
		}
		step := func(after *models.Activity, err error, what string, taken, waiting int) {
			t.Helper()
			applied(t, what)(after, err)
			if after.SeatsTaken != taken || after.WaitlistCount != waiting {
				t.Fatalf("%s: returned %d taken, %d waiting; want %d, %d", what, after.SeatsTaken, after.WaitlistCount, taken, waiting)
			}
		}
		after, err := f.st.ClaimSeats(f.ctx, summary(), holder(f.pair))
		step(after, err, "claim", 2, 0)
		refused(t, "claim again")(f.st.ClaimSeats(f.ctx, summary(), holder(f.pair)))
		refused(t, "claim 3 with 1 free")(f.st.ClaimSeats(f.ctx, summary(), holder(f.trio)))
		after, err = f.st.JoinWaitingList(f.ctx, summary(), holder(f.trio))
		step(after, err, "join", 2, 1)
		after, err = f.st.JoinWaitingList(f.ctx, summary(), holder(f.single))
		step(after, err, "join", 2, 2)
		refused(t, "join again")(f.st.JoinWaitingList(f.ctx, summary(), holder(f.single)))
		refused(t, "join as a holder")(f.st.JoinWaitingList(f.ctx, summary(), holder(f.pair)))
		refused(t, "promote 3 into 1")(f.st.PromoteFromWaitingList(f.ctx, summary(), holder(f.trio)))
		refused(t, "promote one not waiting")(f.st.PromoteFromWaitingList(f.ctx, summary(), holder(f.one)))
		after, err = f.st.PromoteFromWaitingList(f.ctx, summary(), holder(f.single))
		step(after, err, "promote", 3, 1)
		refused(t, "release one not holding")(f.st.ReleaseSeats(f.ctx, summary(), holder(f.trio)))
		after, err = f.st.ReleaseSeats(f.ctx, summary(), holder(f.pair))
		step(after, err, "release", 1, 1)
		refused(t, "release twice")(f.st.ReleaseSeats(f.ctx, summary(), holder(f.pair)))
		refused(t, "leave one not waiting")(f.st.LeaveWaitingList(f.ctx, summary(), holder(f.single)))
		after, err = f.st.LeaveWaitingList(f.ctx, summary(), holder(f.trio))
		step(after, err, "leave", 1, 0)
		refused(t, "leave twice")(f.st.LeaveWaitingList(f.ctx, summary(), holder(f.trio)))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.single)}, nil, "stored")
	})
	t.Run("RepairSeatsTaken/RefusedWhenNothingToRepair", func(t *testing.T) {
		f := promoteFixture(t)
		before := f.read(f.a.ID)
		refused(t, "repair a consistent activity")(f.st.RepairSeatsTaken(f.ctx, before))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair)},
			[]models.SeatHolder{holder(f.trio), holder(f.single), holder(f.one)}, "stored")
	})
	t.Run("RepairSeatsTaken/RefusedWhenChangedSinceRead", func(t *testing.T) {
		f := promoteFixture(t)
		// A read whose counter disagrees with its holders (as a torn
		// write would leave it), but the holders changed since.
		torn := f.read(f.a.ID)
		torn.SeatsTaken = 7
		applied(t, "promote")(f.st.PromoteFromWaitingList(f.ctx, f.read(f.a.ID), holder(f.one)))
		refused(t, "repair from an old read")(f.st.RepairSeatsTaken(f.ctx, torn))
		wantHolders(t, f.read(f.a.ID), []models.SeatHolder{holder(f.pair), holder(f.one)},
			[]models.SeatHolder{holder(f.trio), holder(f.single)}, "stored")
	})
}
