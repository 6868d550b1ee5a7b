package storetest

// The cases of attendees added by staff (walk-ins, phone registrations):
// signups without an email, their source, and seats past capacity.

import (
	"testing"

	"github.com/agora-events/agora/models"
)

// walkIn stores a pending signup added by staff without an email: its
// active key is its own id, as registration makes it.
func (f *fixture) walkIn(a *models.Activity, party int) *models.Signup {
	f.t.Helper()
	return f.signup(a, "", party, func(su *models.Signup) {
		su.ActiveKey, su.Source, su.Phone, su.Answers = su.ID, models.SourceStaff, "", nil
	})
}

func (s *suite) walkIns(t *testing.T) {
	t.Run("InsertSignup/OKSeveralWithoutEmail", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		first, second := f.walkIn(a, 1), f.walkIn(a, 2)
		f.setStatus(first, models.SignupConfirmed)
		f.setStatus(second, models.SignupConfirmed)
		withEmail := f.decided(a, "maria@example.org", 1, models.SignupConfirmed, nil)
		for _, su := range []*models.Signup{first, second} {
			got := f.readSignup(su.ID)
			wantSignup(t, got, su)
			if got.Source != models.SourceStaff || got.Email != "" {
				t.Fatalf("walk-in %s read back with source %q, email %q", su.ID, got.Source, got.Email)
			}
		}
		if got := f.readSignup(withEmail.ID).Origin(); got != models.SourcePublic {
			t.Fatalf("a signup stored without a source reads as %q, want public", got)
		}
		// The email of a walk-in is still unique among active signups.
		dup := f.newSignup(a, "MARIA@example.org", 1, func(su *models.Signup) { su.Source = models.SourceStaff })
		wantCode(t, f.st.InsertSignup(f.ctx, dup), models.ErrAlreadyRegistered, "same email from staff")
	})
	t.Run("ClaimSeatsOverCapacity/OKOnlyWhenAsked", func(t *testing.T) {
		f := s.fixture(t)
		a := f.seated(f.org().ID, 2, 2)
		su := f.walkIn(a, 2)
		refused(t, "claim a full activity's seats")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		if got := f.read(a.ID).SeatsTaken; got != 2 {
			t.Fatalf("a refused claim took seats: %d taken", got)
		}
		after := applied(t, "claim past capacity")(f.st.ClaimSeatsOverCapacity(f.ctx, f.read(a.ID), holder(su)))
		if after.SeatsTaken != 4 || !after.HoldsSeats(su.ID) {
			t.Fatalf("after the claim past capacity: %d taken, holds %v", after.SeatsTaken, after.HoldsSeats(su.ID))
		}
		read := f.read(a.ID)
		if read.SeatsTaken != 4 || read.SeatsLeft() != 0 || read.Fits(1) {
			t.Fatalf("as read: %d taken, %d left, fits 1: %v", read.SeatsTaken, read.SeatsLeft(), read.Fits(1))
		}
		refused(t, "claim past capacity twice")(f.st.ClaimSeatsOverCapacity(f.ctx, read, holder(su)))
		wait := f.walkIn(a, 1)
		applied(t, "join the waiting list")(f.st.JoinWaitingList(f.ctx, f.read(a.ID), holder(wait)))
		refused(t, "claim past capacity while waiting")(f.st.ClaimSeatsOverCapacity(f.ctx, f.read(a.ID), holder(wait)))
		applied(t, "release")(f.st.ReleaseSeats(f.ctx, f.read(a.ID), holder(su)))
		if got := f.read(a.ID).SeatsTaken; got != 2 {
			t.Fatalf("after release: %d taken, want 2", got)
		}
	})
	t.Run("ClaimSeatsOverCapacity/ErrNotPublished", func(t *testing.T) {
		f := s.fixture(t)
		for _, status := range []string{models.StatusDraft, models.StatusCancelled} {
			a := f.activity(f.org().ID, func(a *models.Activity) { a.Status = status })
			refused(t, "claim past capacity, "+status)(f.st.ClaimSeatsOverCapacity(f.ctx, f.read(a.ID), holder(f.walkIn(a, 1))))
		}
	})
	t.Run("UpdateActivityDetails/OKOverCapacityKeptOrRaised", func(t *testing.T) {
		f := s.fixture(t)
		a := f.seated(f.org().ID, 2, 2)
		applied(t, "claim past capacity")(f.st.ClaimSeatsOverCapacity(f.ctx, f.read(a.ID), holder(f.walkIn(a, 1))))
		for _, c := range []struct {
			capacity int
			code     string
		}{{2, ""}, {1, models.ErrCapacityBelowTaken}, {3, ""}, {2, models.ErrCapacityBelowTaken}} {
			read := f.read(a.ID)
			if want := read.CanSetCapacity(c.capacity); models.ErrorCode(want) != c.code && !(want == nil && c.code == "") {
				t.Fatalf("models: capacity %d -> %d with %d taken: %v, want %q", read.Capacity, c.capacity, read.SeatsTaken, want, c.code)
			}
			edit := *read
			edit.Capacity, edit.Title = c.capacity, models.Text{"en": "Edited"}
			err := f.st.UpdateActivityDetails(f.ctx, &edit)
			if c.code == "" {
				must(t, err, "edit keeping or raising the capacity")
				if got := f.read(a.ID).Capacity; got != c.capacity {
					t.Fatalf("capacity stored %d, want %d", got, c.capacity)
				}
			} else {
				wantCode(t, err, c.code, "lower the capacity below the seats taken")
			}
		}
	})
	t.Run("EachSignupBatch/OKLeavingOutThoseWithoutEmail", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		f.setStatus(f.walkIn(a, 1), models.SignupConfirmed)
		mailed := f.decided(a, "maria@example.org", 1, models.SignupConfirmed, nil)
		var got []string
		must(t, f.st.EachSignupBatch(f.ctx, a.ID, []string{models.SignupConfirmed}, 10, func(batch []models.Signup) error {
			got = append(got, signupIDs(batch)...)
			return nil
		}), "each")
		wantIDs(t, got, []string{mailed.ID}, "signups to write to")
	})
}
