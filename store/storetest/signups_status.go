package storetest

// The signup cases past the insert: status changes, cancel, erase, the
// deletion of pending signups, and reads by ids and age.

import (
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

// signupStatusChanges are the cases of signups after their insert:
// status changes, cancelling, erasing and the reads by id and age.
func (s *suite) signupStatusChanges(t *testing.T) {
	t.Run("SetSignupStatus/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 2, models.SignupConfirmed, nil)
		later := f.now.Add(time.Minute)
		wantTrue(t, "check in")(f.st.SetSignupStatus(f.ctx, su.ID, []string{models.SignupConfirmed, models.SignupNoShow}, models.SignupAttended, later))
		got := f.readSignup(su.ID)
		if got.Status != models.SignupAttended {
			t.Fatalf("status %s, want attended", got.Status)
		}
		sameTime(t, got.UpdatedAt, later, "updated_at")
	})
	t.Run("SetSignupStatus/FalseWhenTheStatusDoesNotMatch", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 2, models.SignupWaitlisted, nil)
		wantFalse(t, "check in a waitlisted signup")(f.st.SetSignupStatus(f.ctx, su.ID, []string{models.SignupConfirmed}, models.SignupAttended, f.now.Add(time.Minute)))
		got := f.readSignup(su.ID)
		if got.Status != models.SignupWaitlisted {
			t.Fatalf("status %s, want waitlisted", got.Status)
		}
		sameTime(t, got.UpdatedAt, f.now, "updated_at")
		wantFalse(t, "unknown signup")(f.st.SetSignupStatus(f.ctx, models.NewID(), []string{models.SignupConfirmed}, models.SignupAttended, f.now))
	})
	t.Run("FinishSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		for _, status := range []string{models.SignupConfirmed, models.SignupWaitlisted} {
			su := f.signup(a, status+"@example.org", 1, nil)
			later := f.now.Add(time.Second)
			wantTrue(t, "finish as "+status)(f.st.FinishSignup(f.ctx, su.ID, status, later))
			got := f.readSignup(su.ID)
			if got.Status != status {
				t.Fatalf("status %s, want %s", got.Status, status)
			}
			sameTime(t, got.UpdatedAt, later, "updated_at")
		}
	})
	t.Run("FinishSignup/FalseWhenNotPending", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 1, models.SignupConfirmed, nil)
		wantFalse(t, "finish a confirmed signup")(f.st.FinishSignup(f.ctx, su.ID, models.SignupWaitlisted, f.now))
		if got := f.readSignup(su.ID); got.Status != models.SignupConfirmed {
			t.Fatalf("status %s, want confirmed", got.Status)
		}
		wantFalse(t, "unknown signup")(f.st.FinishSignup(f.ctx, models.NewID(), models.SignupConfirmed, f.now))
	})
	t.Run("CancelSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		for i, status := range []string{models.SignupPending, models.SignupConfirmed, models.SignupWaitlisted} {
			su := f.decided(a, status+"@example.org", 1, status, nil)
			at := f.now.Add(time.Duration(i+1) * time.Minute)
			wantTrue(t, "cancel while "+status)(f.st.CancelSignup(f.ctx, su.ID, models.CancelledByStaff, at))
			got := f.readSignup(su.ID)
			if got.Status != models.SignupCancelled || got.CancelledBy != models.CancelledByStaff {
				t.Fatalf("after cancel: status %s, by %q", got.Status, got.CancelledBy)
			}
			sameTimePtr(t, got.CancelledAt, &at, "cancelled_at")
			sameTime(t, got.UpdatedAt, at, "updated_at")
			if got.Email != su.Email || got.Name != su.Name || got.ManageTokenHash != su.ManageTokenHash {
				t.Fatalf("cancel changed personal data: %+v", got)
			}
		}
	})
	t.Run("CancelSignup/FalseWhenNotActive", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 1, models.SignupConfirmed, nil)
		wantTrue(t, "cancel")(f.st.CancelSignup(f.ctx, su.ID, models.CancelledByAttendee, f.now))
		wantFalse(t, "cancel again")(f.st.CancelSignup(f.ctx, su.ID, models.CancelledByStaff, f.now.Add(time.Hour)))
		got := f.readSignup(su.ID)
		if got.CancelledBy != models.CancelledByAttendee {
			t.Fatalf("cancelled by %q, want the first canceller", got.CancelledBy)
		}
		sameTimePtr(t, got.CancelledAt, &f.now, "cancelled_at")
		for _, status := range []string{models.SignupAttended, models.SignupNoShow} {
			done := f.decided(a, status+"@example.org", 1, status, nil)
			wantFalse(t, "cancel "+status)(f.st.CancelSignup(f.ctx, done.ID, models.CancelledByStaff, f.now))
			if got := f.readSignup(done.ID); got.Status != status || got.CancelledAt != nil {
				t.Fatalf("%s signup cancelled: %+v", status, got)
			}
		}
	})
	t.Run("EraseSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		for i, status := range []string{models.SignupConfirmed, models.SignupWaitlisted, models.SignupCancelled,
			models.SignupAttended, models.SignupNoShow} {
			su := f.decided(a, status+"@example.org", 2, status, nil)
			before := f.readSignup(su.ID)
			at := f.now.Add(time.Duration(i+1) * time.Minute)
			wantTrue(t, "erase "+status)(f.st.EraseSignup(f.ctx, su.ID, at))
			got := f.readSignup(su.ID)
			if got.Name != "" || got.Email != "" || got.Phone != "" || len(got.Answers) != 0 {
				t.Fatalf("erased %s signup keeps personal data: %+v", status, got)
			}
			if strings.Contains(got.ActiveKey, status+"@example.org") {
				t.Fatalf("erased signup keeps its email in the active key %q", got.ActiveKey)
			}
			if got.Status != status || got.PartySize != 2 || got.Language != su.Language || got.ActivityID != a.ID {
				t.Fatalf("erasure lost what counts keep: %+v", got)
			}
			sameTimePtr(t, got.ErasedAt, &at, "erased_at")
			sameTime(t, got.CreatedAt, before.CreatedAt, "created_at")
			wantCode(t, errOf(f.st.SignupByTokenHash(f.ctx, su.ManageTokenHash)), models.ErrNotFound, "the erased signup's token")
		}
	})
	t.Run("EraseSignup/FalseWhenPending", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.signup(a, "a@example.org", 1, nil)
		wantFalse(t, "erase a pending signup")(f.st.EraseSignup(f.ctx, su.ID, f.now))
		wantSignup(t, f.readSignup(su.ID), su)
	})
	t.Run("DeletePendingSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.signup(a, "a@example.org", 1, nil)
		must(t, f.st.DeletePendingSignup(f.ctx, su.ID), "delete")
		wantCode(t, errOf(f.st.SignupByID(f.ctx, su.ID)), models.ErrNotFound, "deleted signup")
		// Its email is free again.
		f.signup(a, "a@example.org", 1, nil)
	})
	t.Run("DeletePendingSignup/OKKeepsDecided", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "a@example.org", 1, models.SignupConfirmed, nil)
		must(t, f.st.DeletePendingSignup(f.ctx, su.ID), "delete a confirmed signup")
		if got := f.readSignup(su.ID); got.Status != models.SignupConfirmed {
			t.Fatalf("status %s", got.Status)
		}
	})
	t.Run("SignupsByIDs/OKThoseThatExist", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		s1, s2 := f.signup(a, "a@example.org", 1, nil), f.decided(a, "b@example.org", 1, models.SignupCancelled, nil)
		f.signup(a, "c@example.org", 1, nil)
		got, err := f.st.SignupsByIDs(f.ctx, []string{s2.ID, models.NewID(), s1.ID})
		must(t, err, "by ids")
		wantIDs(t, sorted(signupIDs(got)), sorted([]string{s1.ID, s2.ID}), "found")
		for _, g := range got {
			if g.ID == s2.ID && g.Status != models.SignupCancelled {
				t.Fatalf("status %s", g.Status)
			}
		}
		got, err = f.st.SignupsByIDs(f.ctx, nil)
		if err != nil || len(got) != 0 {
			t.Fatalf("no ids: %v, %v", got, err)
		}
	})
	t.Run("PendingSignups/OKOldestFirst", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, b := f.activity(o.ID, nil), f.activity(o.ID, nil)
		at := func(d time.Duration) func(su *models.Signup) {
			return func(su *models.Signup) { su.CreatedAt = f.now.Add(d) }
		}
		p3 := f.signup(a, "p3@example.org", 1, at(-time.Minute))
		p1 := f.signup(b, "p1@example.org", 1, at(-time.Hour))
		p2 := f.signup(a, "p2@example.org", 1, at(-10*time.Minute))
		f.signup(a, "young@example.org", 1, at(time.Minute))
		f.decided(a, "old@example.org", 1, models.SignupConfirmed, at(-2*time.Hour))
		got, err := f.st.PendingSignups(f.ctx, f.now, 10)
		must(t, err, "pending")
		wantIDs(t, signupIDs(got), []string{p1.ID, p2.ID, p3.ID}, "pending before now")
		got, err = f.st.PendingSignups(f.ctx, f.now, 2)
		must(t, err, "pending")
		wantIDs(t, signupIDs(got), []string{p1.ID, p2.ID}, "limited")
	})
}
