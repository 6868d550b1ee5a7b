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
	s.seatMoves(t)
}
