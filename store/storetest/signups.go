package storetest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// wantSignup fails unless got carries every field of want.
func wantSignup(t *testing.T, got, want *models.Signup) {
	t.Helper()
	var bad []string
	check := func(ok bool, field string, g, w any) {
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: %v, want %v", field, g, w))
		}
	}
	check(got.ID == want.ID, "id", got.ID, want.ID)
	check(got.ActivityID == want.ActivityID, "activity_id", got.ActivityID, want.ActivityID)
	check(got.OrganisationID == want.OrganisationID, "organisation_id", got.OrganisationID, want.OrganisationID)
	check(got.Name == want.Name, "name", got.Name, want.Name)
	check(got.Email == want.Email, "email", got.Email, want.Email)
	check(got.Phone == want.Phone, "phone", got.Phone, want.Phone)
	check(got.PartySize == want.PartySize, "party_size", got.PartySize, want.PartySize)
	check(got.Language == want.Language, "language", got.Language, want.Language)
	check(len(got.Answers) == 0 && len(want.Answers) == 0 || reflect.DeepEqual(got.Answers, want.Answers), "answers", got.Answers, want.Answers)
	check(got.Status == want.Status, "status", got.Status, want.Status)
	// Once a signup is no longer active, its active key is the store's
	// business (what matters, that the email is free, is tested apart).
	check(!models.SignupActive(want.Status) || got.ActiveKey == want.ActiveKey, "active_key", got.ActiveKey, want.ActiveKey)
	check(got.ManageTokenHash == want.ManageTokenHash, "manage_token_hash", got.ManageTokenHash, want.ManageTokenHash)
	check(timePtrEqual(got.CancelledAt, want.CancelledAt), "cancelled_at", got.CancelledAt, want.CancelledAt)
	check(got.CancelledBy == want.CancelledBy, "cancelled_by", got.CancelledBy, want.CancelledBy)
	check(got.ConsentAt.Equal(want.ConsentAt), "consent_at", got.ConsentAt, want.ConsentAt)
	check(got.CreatedAt.Equal(want.CreatedAt), "created_at", got.CreatedAt, want.CreatedAt)
	check(got.UpdatedAt.Equal(want.UpdatedAt), "updated_at", got.UpdatedAt, want.UpdatedAt)
	check(timePtrEqual(got.ErasedAt, want.ErasedAt), "erased_at", got.ErasedAt, want.ErasedAt)
	check(got.Origin() == want.Origin(), "source", got.Origin(), want.Origin())
	if len(bad) > 0 {
		t.Fatalf("signup %s as read differs:\n%v", want.ID, bad)
	}
}

func (s *suite) signups(t *testing.T) {
	t.Run("InsertSignup/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.signup(a, "Maria@Example.org", 3, nil)
		wantSignup(t, f.readSignup(su.ID), su)
		byHash, err := f.st.SignupByTokenHash(f.ctx, su.ManageTokenHash)
		must(t, err, "by token hash")
		wantSignup(t, byHash, su)
	})
	t.Run("SignupByTokenHash/OKThroughAnEmailsLink", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "maria@example.org", 1, models.SignupConfirmed, nil)
		other := f.decided(a, "ana@example.org", 1, models.SignupConfirmed, nil)
		_, link := models.NewManageToken()
		linked := f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID, e.LinkTokenHash = a.ID, su.ID, link })
		f.email(func(e *models.OutboxEmail) { e.ActivityID, e.SignupID = a.ID, other.ID }) // no link
		byLink, err := f.st.SignupByTokenHash(f.ctx, link)
		must(t, err, "by the link's token hash")
		wantSignup(t, byLink, f.readSignup(su.ID))
		byAnswer, err := f.st.SignupByTokenHash(f.ctx, su.ManageTokenHash)
		must(t, err, "by the answer's token hash")
		wantSignup(t, byAnswer, f.readSignup(su.ID))
		for _, h := range []string{"", models.ManageTokenHash("unknown")} {
			wantCode(t, errOf(f.st.SignupByTokenHash(f.ctx, h)), models.ErrNotFound, "hash "+h)
		}
		if got := f.readEmail(linked.ID); got.LinkTokenHash != link {
			t.Fatalf("link_token_hash %q, want %q", got.LinkTokenHash, link)
		}
		ids, err := f.st.EraseOutbox(f.ctx, store.OutboxScope{SignupID: su.ID}, f.now)
		must(t, err, "erase the emails")
		wantIDs(t, ids, []string{linked.ID}, "emails in scope")
		if got := f.readEmail(linked.ID); got.LinkTokenHash != "" {
			t.Fatalf("an erased email keeps its link's token hash %q", got.LinkTokenHash)
		}
		wantCode(t, errOf(f.st.SignupByTokenHash(f.ctx, link)), models.ErrNotFound, "the erased email's link")
	})
	t.Run("ReplaceManageToken/OK", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "maria@example.org", 1, models.SignupConfirmed, nil)
		_, hash := models.NewManageToken()
		wantTrue(t, "replace")(f.st.ReplaceManageToken(f.ctx, su.ID, hash))
		wantCode(t, errOf(f.st.SignupByTokenHash(f.ctx, su.ManageTokenHash)), models.ErrNotFound, "the replaced token")
		byHash, err := f.st.SignupByTokenHash(f.ctx, hash)
		must(t, err, "by the new token")
		if byHash.ID != su.ID {
			t.Fatalf("the new token finds %s, want %s", byHash.ID, su.ID)
		}
	})
	t.Run("ReplaceManageToken/FalseWhenErased", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.decided(a, "maria@example.org", 1, models.SignupCancelled, nil)
		wantTrue(t, "erase")(f.st.EraseSignup(f.ctx, su.ID, f.now))
		_, hash := models.NewManageToken()
		if ok, err := f.st.ReplaceManageToken(f.ctx, su.ID, hash); err != nil || ok {
			t.Fatalf("replacing the token of an erased signup: %v, %v", ok, err)
		}
		wantCode(t, errOf(f.st.SignupByTokenHash(f.ctx, hash)), models.ErrNotFound, "a token given after erasure")
	})
	t.Run("InsertSignup/OKWithoutOptionalFields", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		su := f.signup(a, "a@example.org", 1, func(su *models.Signup) { su.Phone, su.Answers = "", nil })
		wantSignup(t, f.readSignup(su.ID), su)
	})
	t.Run("InsertSignup/ErrAlreadyRegistered", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		first := f.signup(a, "Maria@Example.org", 1, nil)
		for _, status := range []string{models.SignupPending, models.SignupConfirmed, models.SignupWaitlisted} {
			if status != models.SignupPending {
				// A fresh activity for each active status.
				a = f.activity(a.OrganisationID, nil)
				first = f.decided(a, "Maria@Example.org", 1, status, nil)
			}
			again := f.newSignup(a, "maria@EXAMPLE.org", 2, nil)
			wantCode(t, f.st.InsertSignup(f.ctx, again), models.ErrAlreadyRegistered, "same email while "+status)
			wantCode(t, errOf(f.st.SignupByID(f.ctx, again.ID)), models.ErrNotFound, "refused signup")
			if got := f.readSignup(first.ID); got.Status != status || got.Email != "Maria@Example.org" {
				t.Fatalf("first signup changed: %+v", got)
			}
		}
	})
	t.Run("InsertSignup/OKSameEmailElsewhere", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		a, b := f.activity(o.ID, nil), f.activity(o.ID, nil)
		f.signup(a, "maria@example.org", 1, nil)
		f.signup(b, "maria@example.org", 1, nil)
	})
	t.Run("InsertSignup/OKAfterCancel", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		first := f.decided(a, "maria@example.org", 1, models.SignupConfirmed, nil)
		wantTrue(t, "cancel")(f.st.CancelSignup(f.ctx, first.ID, models.CancelledByAttendee, f.now))
		f.signup(a, "MARIA@example.org", 1, nil)
		// And cancelled twice over.
		second := f.decided(a, "other@example.org", 1, models.SignupCancelled, nil)
		f.signup(a, "other@example.org", 1, nil)
		if got := f.readSignup(second.ID); got.Status != models.SignupCancelled {
			t.Fatalf("cancelled signup now %s", got.Status)
		}
	})
	t.Run("InsertSignup/OKAfterErase", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		first := f.decided(a, "maria@example.org", 1, models.SignupConfirmed, nil)
		wantTrue(t, "erase")(f.st.EraseSignup(f.ctx, first.ID, f.now))
		f.signup(a, "maria@example.org", 1, nil)
	})
	t.Run("InsertSignup/ErrConflictOnATakenID", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		first := f.signup(a, "maria@example.org", 1, nil)
		// A retry of the same request: same id, same email.
		retry := f.newSignup(a, "maria@example.org", 1, func(su *models.Signup) { su.ID = first.ID })
		wantCode(t, f.st.InsertSignup(f.ctx, retry), models.ErrConflict, "same id and email")
		// Another email under a taken id.
		other := f.newSignup(a, "other@example.org", 1, func(su *models.Signup) { su.ID = first.ID })
		wantCode(t, f.st.InsertSignup(f.ctx, other), models.ErrConflict, "same id, other email")
		wantSignup(t, f.readSignup(first.ID), first)
		// The same id after the first was decided.
		f.setStatus(first, models.SignupConfirmed)
		wantCode(t, f.st.InsertSignup(f.ctx, retry), models.ErrConflict, "same id after the decision")
	})
	t.Run("SignupByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		f.signup(a, "a@example.org", 1, nil)
		wantCode(t, errOf(f.st.SignupByID(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	t.Run("SignupByTokenHash/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		a := f.activity(f.org().ID, nil)
		f.signup(a, "a@example.org", 1, nil)
		wantCode(t, errOf(f.st.SignupByTokenHash(f.ctx, "hash-unknown")), models.ErrNotFound, "unknown hash")
	})
	s.signupStatusChanges(t)
}
