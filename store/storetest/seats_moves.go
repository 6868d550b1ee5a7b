package storetest

// The seat cases past the first claim: promotion from the waiting list,
// releasing seats, leaving the list, every change from a summary read, and
// repairing the seat counter.

import (
	"testing"

	"github.com/agora-events/agora/models"
)

func (s *suite) seatMoves(t *testing.T) {
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
