package storetest

import (
	"reflect"
	"testing"

	"github.com/agora-events/agora/models"
)

// signupChanges pins down what changing a signup needs: finding the
// active signup of an address, resizing a party in its place, and writing
// the new party and answers.
func (s *suite) signupChanges(t *testing.T) {
	t.Run("SignupByActiveKey/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "Maria@Example.org", 2, models.SignupConfirmed, nil)
		got, err := f.st.SignupByActiveKey(f.ctx, ActiveKey(a.ID, "maria@example.ORG"))
		must(t, err, "by active key")
		wantSignup(t, got, f.readSignup(su.ID))
	})
	t.Run("SignupByActiveKey/ErrNotFoundOnceCancelled", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "maria@example.org", 1, models.SignupConfirmed, nil)
		wantTrue(t, "cancel")(f.st.CancelSignup(f.ctx, su.ID, models.CancelledByAttendee, f.now))
		wantCode(t, errOf(f.st.SignupByActiveKey(f.ctx, ActiveKey(a.ID, "maria@example.org"))), models.ErrNotFound, "cancelled")
		wantCode(t, errOf(f.st.SignupByActiveKey(f.ctx, ActiveKey(a.ID, "nobody@example.org"))), models.ErrNotFound, "unknown")
	})
	t.Run("ChangeSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "maria@example.org", 1, models.SignupWaitlisted, nil)
		answers := map[string]any{"diet": "halal"}
		wantTrue(t, "change")(f.st.ChangeSignup(f.ctx, su.ID, 3, answers, f.now))
		got := f.readSignup(su.ID)
		if got.PartySize != 3 || !reflect.DeepEqual(got.Answers, answers) || got.Status != models.SignupWaitlisted {
			t.Fatalf("changed signup: %+v", got)
		}
		wantTrue(t, "clear answers")(f.st.ChangeSignup(f.ctx, su.ID, 3, nil, f.now))
		if got := f.readSignup(su.ID); len(got.Answers) != 0 {
			t.Fatalf("answers left: %v", got.Answers)
		}
	})
	t.Run("ChangeSignup/FalseWhenNotActive", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		for _, status := range []string{models.SignupPending, models.SignupCancelled, models.SignupAttended} {
			su := f.decided(a, status+"@example.org", 1, status, nil)
			wantFalse(t, "change "+status)(f.st.ChangeSignup(f.ctx, su.ID, 2, nil, f.now))
			if got := f.readSignup(su.ID); got.PartySize != 1 {
				t.Fatalf("%s signup changed to %d", status, got.PartySize)
			}
		}
	})
	t.Run("ResizeSeats/OKGrowsWhenItFits", func(t *testing.T) {
		f := s.fixture(t)
		a := f.seated(f.org().ID, 4, 0)
		su := f.signup(a, "maria@example.org", 1, nil)
		read := applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		after := applied(t, "grow")(f.st.ResizeSeats(f.ctx, f.read(read.ID), holder(su), 4))
		if after.SeatsTaken != 4 || !after.HoldsSeats(su.ID) {
			t.Fatalf("after growing: taken %d, holders %v", after.SeatsTaken, after.SeatHolders)
		}
		if got := f.read(a.ID); got.SeatsTaken != 4 || got.SeatHolders[0].Party != 4 {
			t.Fatalf("as read: taken %d, holders %v", got.SeatsTaken, got.SeatHolders)
		}
	})
	t.Run("ResizeSeats/NilWhenGrowthDoesNotFit", func(t *testing.T) {
		f := s.fixture(t)
		a := f.seated(f.org().ID, 4, 2)
		su := f.signup(a, "maria@example.org", 1, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		read := f.read(a.ID)
		after, err := f.st.ResizeSeats(f.ctx, read, holder(su), 3)
		must(t, err, "grow")
		if after != nil || read.FitsResize(1, 3) {
			t.Fatalf("a growth beyond the free seats applied: %+v", after)
		}
		if got := f.read(a.ID); got.SeatsTaken != 3 {
			t.Fatalf("seats taken %d after a refused growth", got.SeatsTaken)
		}
	})
	t.Run("ResizeSeats/OKShrinksAndKeepsTheWaitingPlace", func(t *testing.T) {
		f := s.fixture(t)
		a := f.seated(f.org().ID, 2, 2)
		first, second := f.signup(a, "first@example.org", 2, nil), f.signup(a, "second@example.org", 1, nil)
		for _, su := range []*models.Signup{first, second} {
			applied(t, "join")(f.st.JoinWaitingList(f.ctx, f.read(a.ID), holder(su)))
		}
		after := applied(t, "shrink")(f.st.ResizeSeats(f.ctx, f.read(a.ID), holder(first), 1))
		if after.SeatsTaken != 2 || after.WaitingPosition(first.ID) != 1 || after.WaitingList[0].Party != 1 {
			t.Fatalf("after shrinking a waiting party: taken %d, list %v", after.SeatsTaken, after.WaitingList)
		}
	})
	t.Run("ResizeSeats/NilWhenThePartyChanged", func(t *testing.T) {
		f := s.fixture(t)
		a := f.seated(f.org().ID, 4, 0)
		su := f.signup(a, "maria@example.org", 2, nil)
		applied(t, "claim")(f.st.ClaimSeats(f.ctx, f.read(a.ID), holder(su)))
		stale := models.SeatHolder{SignupID: su.ID, Party: 3}
		refused(t, "resize of a stale holder")(f.st.ResizeSeats(f.ctx, f.read(a.ID), stale, 1))
	})
}
