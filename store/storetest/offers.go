package storetest

// Place offers: a signup offered a seat until a time, the overdue ones
// found across activities, and offered signups counting as active.

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func (s *suite) offers(t *testing.T) {
	t.Run("OfferSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 1, models.SignupWaitlisted, nil)
		until, later := f.now.Add(time.Hour), f.now.Add(time.Second)
		wantTrue(t, "offer")(f.st.OfferSignup(f.ctx, su.ID, []string{models.SignupWaitlisted}, until, later))
		got := f.readSignup(su.ID)
		if got.Status != models.SignupOffered {
			t.Fatalf("status %s, want offered", got.Status)
		}
		sameTimePtr(t, got.OfferExpiresAt, &until, "offer_expires_at")
		sameTime(t, got.UpdatedAt, later, "updated_at")
		wantFalse(t, "offer twice")(f.st.OfferSignup(f.ctx, su.ID, []string{models.SignupWaitlisted}, until, later))
		wantTrue(t, "accept")(f.st.SetSignupStatus(f.ctx, su.ID, []string{models.SignupOffered}, models.SignupConfirmed, later))
		wantFalse(t, "accept twice")(f.st.SetSignupStatus(f.ctx, su.ID, []string{models.SignupOffered}, models.SignupConfirmed, later))
	})
	t.Run("OfferSignup/FalseWhenTheStatusDoesNotMatch", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 1, models.SignupConfirmed, nil)
		wantFalse(t, "offer a confirmed signup")(f.st.OfferSignup(f.ctx, su.ID, []string{models.SignupWaitlisted}, f.now.Add(time.Hour), f.now))
		if got := f.readSignup(su.ID); got.Status != models.SignupConfirmed || got.OfferExpiresAt != nil {
			t.Fatalf("after a refused offer: %s, %v", got.Status, got.OfferExpiresAt)
		}
	})
	t.Run("OfferedIsActive", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 1, models.SignupWaitlisted, nil)
		wantTrue(t, "offer")(f.st.OfferSignup(f.ctx, su.ID, []string{models.SignupWaitlisted}, f.now.Add(time.Hour), f.now))
		dup := f.newSignup(a, "A@example.org", 1, nil)
		if err := f.st.InsertSignup(f.ctx, dup); !models.IsCode(err, models.ErrAlreadyRegistered) {
			t.Fatalf("a second signup while offered: %v, want already_registered", err)
		}
		wantTrue(t, "expire")(f.st.CancelSignup(f.ctx, su.ID, models.CancelledByOfferExpired, f.now))
		got := f.readSignup(su.ID)
		if got.Status != models.SignupCancelled || got.CancelledBy != models.CancelledByOfferExpired {
			t.Fatalf("after expiry: %s by %q", got.Status, got.CancelledBy)
		}
		must(t, f.st.InsertSignup(f.ctx, dup), "sign up again once the offer is gone")
	})
	t.Run("ExpiredOffers", func(t *testing.T) {
		f := s.fixture(t)
		org := f.org().ID
		a, b := f.activity(org, nil), f.activity(org, nil)
		offer := func(a *models.Activity, email string, until time.Time) *models.Signup {
			su := f.decided(a, email, 1, models.SignupWaitlisted, nil)
			wantTrue(t, "offer "+email)(f.st.OfferSignup(f.ctx, su.ID, []string{models.SignupWaitlisted}, until, f.now))
			return su
		}
		late := offer(a, "late@example.org", f.now.Add(-time.Minute))
		early := offer(b, "early@example.org", f.now.Add(-time.Hour))
		exact := offer(a, "exact@example.org", f.now)
		offer(b, "open@example.org", f.now.Add(time.Millisecond))
		accepted := offer(a, "accepted@example.org", f.now.Add(-2*time.Hour))
		wantTrue(t, "accept")(f.st.SetSignupStatus(f.ctx, accepted.ID, []string{models.SignupOffered}, models.SignupConfirmed, f.now))
		f.decided(a, "waiting@example.org", 1, models.SignupWaitlisted, nil)
		got, err := f.st.ExpiredOffers(f.ctx, f.now, 10)
		must(t, err, "expired offers")
		var ids []string
		for _, su := range got {
			ids = append(ids, su.ID)
		}
		want := []string{early.ID, late.ID, exact.ID}
		if len(ids) != len(want) || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] {
			t.Fatalf("expired offers %v, want %v (soonest first)", ids, want)
		}
		if got, err := f.st.ExpiredOffers(f.ctx, f.now, 1); err != nil || len(got) != 1 || got[0].ID != early.ID {
			t.Fatalf("limit 1: %v, %v", got, err)
		}
	})
}
