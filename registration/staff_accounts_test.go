package registration

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/sqlite/sqlitetest"
)

// staffFixture is a service with the real outbox, an organisation and its
// manager, on a clock the test moves.
type staffFixture struct {
	s       *Service
	st      Store
	clock   *testClock
	org     *models.Organisation
	manager *Actor
}

func newStaffFixture(t *testing.T) *staffFixture {
	t.Helper()
	ctx := context.Background()
	clock := &testClock{now: time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)}
	st := sqlitetest.New(t)
	outbox := newTestOutbox(t, st, "https://agora.example.org", clock.Now)
	s := New(Options{Store: st, Now: clock.Now, Mail: outbox, Links: testLinks("https://agora.example.org"), SecretKey: "k"})
	admin := &Actor{User: models.User{ID: "admin", Role: models.RoleAdmin}}
	org, err := s.CreateOrganisation(ctx, admin, models.OrganisationRequest{Name: "City library", Slug: "city",
		Timezone: "Europe/Warsaw", DefaultLanguage: "pl"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.CreateUser(ctx, admin, org.ID, models.UserRequest{Email: "boss@example.org", Name: "Boss",
		Role: models.RoleManager, Password: "long password"})
	if err != nil {
		t.Fatal(err)
	}
	return &staffFixture{s: s, st: st, clock: clock, org: org, manager: &Actor{User: *m}}
}

var linkToken = regexp.MustCompile(`/staff/invitations/([A-Za-z0-9_-]{43})`)

// invitationToken finds the set-password link of the one invitation
// email waiting in the outbox, in its text or HTML.
func (f *staffFixture) invitationToken(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	found := map[string]bool{}
	due, err := f.st.ClaimOutboxExclusive(ctx, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 1000, nil,
		func(string) bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range due {
		for _, body := range []string{e.Text, e.HTML} {
			for _, m := range linkToken.FindAllStringSubmatch(body, -1) {
				found[m[1]] = true
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d set-password links in the outbox, want 1", len(found))
	}
	for token := range found {
		return token
	}
	return ""
}

// invited returns a fresh staff fixture in which the manager has invited
// new@example.org in Ukrainian, the invited user, and the link's token.
func invited(t *testing.T) (*staffFixture, *models.User, string) {
	t.Helper()
	f := newStaffFixture(t)
	u, err := f.s.InviteUser(context.Background(), f.manager, f.org.ID,
		models.InviteRequest{Email: " New@Example.org ", Name: "New", Role: models.RoleOrganiser}, "uk")
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "new@example.org" || u.PasswordHash != "" {
		t.Fatalf("invited user %+v", u)
	}
	return f, u, f.invitationToken(t)
}

func TestInvitation(t *testing.T) {
	ctx := context.Background()
	t.Run("EmailInInvitersLanguage", func(t *testing.T) {
		f, _, _ := invited(t)
		emails, err := f.st.ListOutbox(ctx, store.OutboxFilter{OrganisationID: f.org.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(emails) != 1 || emails[0].Language != "uk" || emails[0].Subject != "Ваш обліковий запис персоналу: City library" {
			t.Fatalf("invitation email %+v", emails)
		}
	})
	t.Run("ErrNoLoginBeforeAccepting", func(t *testing.T) {
		f, _, _ := invited(t)
		if _, err := f.s.Login(ctx, "new@example.org", "", "192.0.2.1"); !models.IsCode(err, models.ErrUnauthorized) {
			t.Fatalf("login without a password: %v", err)
		}
	})
	t.Run("ErrShortPassword", func(t *testing.T) {
		f, _, token := invited(t)
		if _, err := f.s.AcceptInvitation(ctx, token, "short"); !models.IsCode(err, models.ErrValidationFailed) {
			t.Fatalf("short password: %v", err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		f, _, token := invited(t)
		f.clock.Add(InvitationTTL)
		defer f.clock.Add(-InvitationTTL)
		if _, err := f.s.InvitedUser(ctx, token); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("expired link: %v", err)
		}
		if _, err := f.s.AcceptInvitation(ctx, token, "a good password"); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("expired link accepted: %v", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		f, _, token := invited(t)
		f.clock.Add(InvitationTTL - time.Minute)
		defer f.clock.Add(-(InvitationTTL - time.Minute))
		if _, err := f.s.AcceptInvitation(ctx, token, "a good password"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Login(ctx, "new@example.org", "a good password", "192.0.2.1"); err != nil {
			t.Fatalf("login after accepting: %v", err)
		}
		if _, err := f.s.AcceptInvitation(ctx, token, "another password"); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("a used link works again: %v", err)
		}
	})
	t.Run("ErrResendWithPassword", func(t *testing.T) {
		f, u, token := invited(t)
		if _, err := f.s.AcceptInvitation(ctx, token, "a good password"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ResendInvitation(ctx, f.manager, u.ID, "en"); !models.IsCode(err, models.ErrConflict) {
			t.Fatalf("resend to an account with a password: %v", err)
		}
	})
	t.Run("PurgeExpired", func(t *testing.T) {
		// An accepted link is gone already: only the one still open expires.
		f, _, token := invited(t)
		if _, err := f.s.AcceptInvitation(ctx, token, "a good password"); err != nil {
			t.Fatal(err)
		}
		other, err := f.s.InviteUser(ctx, f.manager, f.org.ID,
			models.InviteRequest{Email: "late@example.org", Name: "Late", Role: models.RoleOrganiser}, "en")
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Add(InvitationTTL + time.Hour)
		defer f.clock.Add(-(InvitationTTL + time.Hour))
		if n, err := f.s.PurgeExpiredInvitations(ctx); err != nil || n != 1 {
			t.Fatalf("purged %d, %v; want the one expired link of %s", n, err, other.Email)
		}
	})
}

func TestStaffAccountRules(t *testing.T) {
	ctx := context.Background()
	f := newStaffFixture(t)
	admin := &Actor{User: models.User{ID: "admin", Role: models.RoleAdmin}}
	org := func(t *testing.T, req models.UserRequest) *models.User {
		t.Helper()
		u, err := f.s.CreateUser(ctx, admin, f.org.ID, req)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	worker := org(t, models.UserRequest{Email: "w@example.org", Name: "W", Role: models.RoleOrganiser, Password: "long password"})
	organiser := &Actor{User: *worker}

	t.Run("ChangeRole", func(t *testing.T) {
		u, err := f.s.ChangeRole(ctx, f.manager, worker.ID, models.RoleManager)
		if err != nil || u.Role != models.RoleManager {
			t.Fatalf("%v, %+v", err, u)
		}
		stored, err := f.st.UserByID(ctx, worker.ID)
		if err != nil || stored.Role != models.RoleManager {
			t.Fatalf("stored %+v, %v", stored, err)
		}
		if _, err := f.s.ChangeRole(ctx, f.manager, worker.ID, models.RoleAdmin); !models.IsCode(err, models.ErrValidationFailed) {
			t.Fatalf("role admin: %v", err)
		}
		if _, err := f.s.ChangeRole(ctx, f.manager, worker.ID, models.RoleOrganiser); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrOrganiser", func(t *testing.T) {
		if _, err := f.s.ChangeRole(ctx, organiser, f.manager.User.ID, models.RoleOrganiser); !models.IsCode(err, models.ErrForbidden) {
			t.Fatalf("organiser changes a role: %v", err)
		}
		if _, err := f.s.InviteUser(ctx, organiser, f.org.ID, models.InviteRequest{Email: "x@example.org", Name: "X",
			Role: models.RoleOrganiser}, "en"); !models.IsCode(err, models.ErrForbidden) {
			t.Fatalf("organiser invites: %v", err)
		}
	})
	t.Run("ErrSelfAndAdmin", func(t *testing.T) {
		if _, err := f.s.SetUserActive(ctx, f.manager, f.manager.User.ID, false); !models.IsCode(err, models.ErrForbidden) {
			t.Fatalf("manager turns themself off: %v", err)
		}
		if _, err := f.s.ChangeRole(ctx, f.manager, f.manager.User.ID, models.RoleOrganiser); !models.IsCode(err, models.ErrForbidden) {
			t.Fatalf("manager demotes themself: %v", err)
		}
	})
	t.Run("Deactivate", func(t *testing.T) {
		res, err := f.s.Login(ctx, "w@example.org", "long password", "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetUserActive(ctx, f.manager, worker.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.SessionByHash(ctx, hashToken(res.Token)); !models.IsCode(err, models.ErrNotFound) {
			t.Fatalf("the session of a turned-off account survives: %v", err)
		}
		if _, err := f.s.Login(ctx, "w@example.org", "long password", "192.0.2.9"); !models.IsCode(err, models.ErrUnauthorized) {
			t.Fatalf("a turned-off account logs in: %v", err)
		}
		if _, err := f.s.SetUserActive(ctx, f.manager, worker.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Login(ctx, "w@example.org", "long password", "192.0.2.9"); err != nil {
			t.Fatalf("turned on again: %v", err)
		}
	})
}
