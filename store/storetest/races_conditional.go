package storetest

// The races decided by a conditional update (capacity, waiting list,
// take-over, cancel, release), and the helpers that compare their seat
// holders whatever order the race stored them in.

import (
	"fmt"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// conditionalRaces are the races decided by a conditional update, which
// only a store with Options.Concurrent can prove.
func (s *suite) conditionalRaces(t *testing.T) {
	t.Run("ClaimSeats/NeverOverbooks", func(t *testing.T) {
		s.needConcurrent(t)
		f := s.fixture(t)
		const capacity, n = 10, 40
		a := f.activity(f.org().ID, func(a *models.Activity) { a.Capacity, a.MaxPartySize, a.Waitlist = capacity, 3, false })
		signups := make([]*models.Signup, n)
		for i := range n {
			signups[i] = f.signup(a, fmt.Sprintf("p%d@example.org", i), 1+i%3, nil)
		}
		won := make([]bool, n)
		errs := make([]error, n)
		race(n, func(i int) {
			// What placeSignup does: read, decide, try; read again when
			// the activity changed meanwhile.
			for range 200 {
				cur, err := f.st.ActivityByID(f.ctx, a.ID)
				if err != nil {
					errs[i] = err
					return
				}
				if !cur.Fits(signups[i].PartySize) {
					return
				}
				after, err := f.st.ClaimSeats(f.ctx, cur, holder(signups[i]))
				if err != nil || after != nil {
					won[i], errs[i] = after != nil, err
					return
				}
			}
			errs[i] = fmt.Errorf("signup %d: the activity kept changing", i)
		})
		taken := 0
		var holders []models.SeatHolder
		for i := range n {
			must(t, errs[i], "claim")
			if won[i] {
				taken += signups[i].PartySize
				holders = append(holders, holder(signups[i]))
			}
		}
		got := f.read(a.ID)
		if got.SeatsTaken > capacity || taken > capacity {
			t.Fatalf("overbooked: seats_taken %d, claims won for %d seats, capacity %d", got.SeatsTaken, taken, capacity)
		}
		wantHolders(t, got, holdersInStoredOrder(got, holders), nil, "after the race")
		if got.Fits(1) {
			// Parties of one were refused only if nothing was free.
			t.Fatalf("%d seats left free while parties of one were waiting to claim", got.SeatsLeft())
		}
	})
	t.Run("JoinWaitingList/NoneLost", func(t *testing.T) {
		s.needConcurrent(t)
		f := s.fixture(t)
		const n = 30
		a := f.activity(f.org().ID, nil)
		signups := make([]*models.Signup, n)
		for i := range n {
			signups[i] = f.signup(a, fmt.Sprintf("w%d@example.org", i), 1, nil)
		}
		errs := make([]error, n)
		race(n, func(i int) {
			for range 200 {
				cur, err := f.st.ActivityByID(f.ctx, a.ID)
				if err != nil {
					errs[i] = err
					return
				}
				after, err := f.st.JoinWaitingList(f.ctx, cur, holder(signups[i]))
				if err != nil || after != nil {
					errs[i] = err
					return
				}
			}
			errs[i] = fmt.Errorf("signup %d never joined", i)
		})
		var want []models.SeatHolder
		for i := range n {
			must(t, errs[i], "join")
			want = append(want, holder(signups[i]))
		}
		got := f.read(a.ID)
		wantHolders(t, got, nil, waitingInStoredOrder(got, want), "after the race")
	})
	t.Run("TakeOverIdempotencyKey/OneWins", func(t *testing.T) {
		s.needConcurrent(t)
		f := s.fixture(t)
		r := f.key(f.now.Add(-time.Second), f.now.Add(time.Hour))
		const n = 20
		oks := make([]bool, n)
		errs := make([]error, n)
		race(n, func(i int) {
			oks[i], errs[i] = f.st.TakeOverIdempotencyKey(f.ctx, r.KeyHash, r.LeaseUntil, f.now.Add(time.Duration(i+1)*time.Second))
		})
		winner := -1
		for i := range n {
			must(t, errs[i], "take over")
			if oks[i] {
				if winner >= 0 {
					t.Fatalf("retries %d and %d both took the key over", winner, i)
				}
				winner = i
			}
		}
		if winner < 0 {
			t.Fatal("no retry took the key over")
		}
		sameTime(t, f.readKey(r.KeyHash).LeaseUntil, f.now.Add(time.Duration(winner+1)*time.Second), "the winner's lease")
	})
	t.Run("CancelSignup/OneWins", func(t *testing.T) {
		s.needConcurrent(t)
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 1, models.SignupConfirmed, nil)
		const n = 20
		oks := make([]bool, n)
		errs := make([]error, n)
		race(n, func(i int) {
			oks[i], errs[i] = f.st.CancelSignup(f.ctx, su.ID, models.CancelledByStaff, f.now.Add(time.Duration(i)*time.Second))
		})
		winner := -1
		for i := range n {
			must(t, errs[i], "cancel")
			if oks[i] {
				if winner >= 0 {
					t.Fatalf("cancellations %d and %d both reported the signup active", winner, i)
				}
				winner = i
			}
		}
		if winner < 0 {
			t.Fatal("no cancellation won")
		}
		at := f.now.Add(time.Duration(winner) * time.Second)
		sameTimePtr(t, f.readSignup(su.ID).CancelledAt, &at, "the winner's cancelled_at")
	})
	t.Run("ReleaseSeats/Once", func(t *testing.T) {
		s.needConcurrent(t)
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su, other := f.signup(a, "a@example.org", 3, nil), f.signup(a, "b@example.org", 2, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(other)))
		read := f.read(a.ID)
		const n = 20
		released := make([]bool, n)
		errs := make([]error, n)
		race(n, func(i int) {
			after, err := f.st.ReleaseSeats(f.ctx, read, holder(su))
			released[i], errs[i] = after != nil, err
		})
		count := 0
		for i := range n {
			must(t, errs[i], "release")
			if released[i] {
				count++
			}
		}
		if count != 1 {
			t.Fatalf("released %d times, want once", count)
		}
		wantHolders(t, f.read(a.ID), []models.SeatHolder{holder(other)}, nil, "after the race")
	})
}

// holdersInStoredOrder returns want in the order of got's seat holders
// (who claimed first is the race's business), failing nothing itself:
// wantHolders then compares the sets and the sums.
func holdersInStoredOrder(got *models.Activity, want []models.SeatHolder) []models.SeatHolder {
	return inOrderOf(got.SeatHolders, want)
}

func waitingInStoredOrder(got *models.Activity, want []models.SeatHolder) []models.SeatHolder {
	return inOrderOf(got.WaitingList, want)
}

// inOrderOf orders want as the same holders appear in stored; those not
// stored go last, so that the comparison shows them.
func inOrderOf(stored, want []models.SeatHolder) []models.SeatHolder {
	pos := map[models.SeatHolder]int{}
	for i, h := range stored {
		if _, dup := pos[h]; !dup {
			pos[h] = i
		}
	}
	out := make([]models.SeatHolder, 0, len(want))
	var missing []models.SeatHolder
	placed := make([]models.SeatHolder, len(stored))
	used := make([]bool, len(stored))
	for _, h := range want {
		if i, ok := pos[h]; ok && !used[i] {
			placed[i], used[i] = h, true
		} else {
			missing = append(missing, h)
		}
	}
	for i := range stored {
		if used[i] {
			out = append(out, placed[i])
		}
	}
	return append(out, missing...)
}
