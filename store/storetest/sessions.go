package storetest

// The sign-in records of staff: sessions and invitations.

import (
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func (s *suite) sessions(t *testing.T) {
	session := func(f *fixture, userID string, expires time.Time) *models.Session {
		f.t.Helper()
		sess := &models.Session{TokenHash: "sess-" + models.NewID(), UserID: userID, ExpiresAt: expires, CreatedAt: f.now}
		must(f.t, f.st.InsertSession(f.ctx, sess), "insert session")
		return sess
	}
	found := func(f *fixture, hash string) bool {
		f.t.Helper()
		_, err := f.st.SessionByHash(f.ctx, hash)
		if err != nil && !models.IsCode(err, models.ErrNotFound) {
			f.t.Fatalf("session: %v", err)
		}
		return err == nil
	}
	t.Run("SessionByHash/OK", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		sess := session(f, u.ID, f.now.Add(time.Hour))
		got, err := f.st.SessionByHash(f.ctx, sess.TokenHash)
		must(t, err, "session")
		if got.TokenHash != sess.TokenHash || got.UserID != u.ID {
			t.Fatalf("read %+v, stored %+v", got, sess)
		}
		sameTime(t, got.ExpiresAt, sess.ExpiresAt, "expires_at")
		sameTime(t, got.CreatedAt, sess.CreatedAt, "created_at")
	})
	t.Run("SessionByHash/OKExpiredIsTheCallersToCheck", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		sess := session(f, u.ID, f.now.Add(-time.Hour))
		if !found(f, sess.TokenHash) {
			t.Fatal("an expired session is not found; expiry is the caller's to check")
		}
	})
	t.Run("SessionByHash/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		session(f, u.ID, f.now.Add(time.Hour))
		wantCode(t, errOf(f.st.SessionByHash(f.ctx, "sess-unknown")), models.ErrNotFound, "unknown hash")
	})
	t.Run("DeleteSession/OKAndMissingIsNoError", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		sess, kept := session(f, u.ID, f.now.Add(time.Hour)), session(f, u.ID, f.now.Add(time.Hour))
		must(t, f.st.DeleteSession(f.ctx, sess.TokenHash), "delete")
		if found(f, sess.TokenHash) {
			t.Fatal("deleted session still found")
		}
		if !found(f, kept.TokenHash) {
			t.Fatal("another session was deleted")
		}
		must(t, f.st.DeleteSession(f.ctx, sess.TokenHash), "delete again")
	})
	t.Run("DeleteSessionsOfUser/OKOnlyTheirs", func(t *testing.T) {
		f := s.fixture(t)
		u, other := f.user("", "a@x.org", models.RoleAdmin), f.user("", "b@x.org", models.RoleAdmin)
		s1, s2, s3 := session(f, u.ID, f.now.Add(time.Hour)), session(f, u.ID, f.now.Add(time.Hour)), session(f, other.ID, f.now.Add(time.Hour))
		must(t, f.st.DeleteSessionsOfUser(f.ctx, u.ID), "delete of user")
		if found(f, s1.TokenHash) || found(f, s2.TokenHash) {
			t.Fatal("a session of the user survived")
		}
		if !found(f, s3.TokenHash) {
			t.Fatal("another user's session was deleted")
		}
	})
	t.Run("DeleteExpiredSessions/OKCountsExpired", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		old1, old2 := session(f, u.ID, f.now.Add(-2*time.Hour)), session(f, u.ID, f.now.Add(-time.Minute))
		live := session(f, u.ID, f.now.Add(time.Hour))
		n, err := f.st.DeleteExpiredSessions(f.ctx, f.now)
		must(t, err, "delete expired")
		if n != 2 {
			t.Errorf("deleted %d, want 2", n)
		}
		if found(f, old1.TokenHash) || found(f, old2.TokenHash) || !found(f, live.TokenHash) {
			t.Fatal("wrong sessions deleted")
		}
	})
}

func (s *suite) invitations(t *testing.T) {
	invite := func(f *fixture, userID string, expires time.Time) *models.Invitation {
		f.t.Helper()
		inv := &models.Invitation{TokenHash: "inv-" + models.NewID(), UserID: userID, ExpiresAt: expires, CreatedAt: f.now}
		must(f.t, f.st.InsertInvitation(f.ctx, inv), "insert invitation")
		return inv
	}
	found := func(f *fixture, hash string) bool {
		f.t.Helper()
		_, err := f.st.InvitationByHash(f.ctx, hash)
		if err != nil && !models.IsCode(err, models.ErrNotFound) {
			f.t.Fatalf("invitation: %v", err)
		}
		return err == nil
	}
	t.Run("InvitationByHash/OK", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		inv := invite(f, u.ID, f.now.Add(-time.Hour)) // expired: the caller's to check
		got, err := f.st.InvitationByHash(f.ctx, inv.TokenHash)
		must(t, err, "invitation")
		if got.TokenHash != inv.TokenHash || got.UserID != u.ID {
			t.Fatalf("read %+v, stored %+v", got, inv)
		}
		sameTime(t, got.ExpiresAt, inv.ExpiresAt, "expires_at")
		sameTime(t, got.CreatedAt, inv.CreatedAt, "created_at")
	})
	t.Run("InvitationByHash/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		invite(f, u.ID, f.now.Add(time.Hour))
		wantCode(t, errOf(f.st.InvitationByHash(f.ctx, "inv-unknown")), models.ErrNotFound, "unknown hash")
	})
	t.Run("DeleteInvitationsOfUser/OKOnlyTheirs", func(t *testing.T) {
		f := s.fixture(t)
		u, other := f.user("", "a@x.org", models.RoleAdmin), f.user("", "b@x.org", models.RoleAdmin)
		i1, i2, i3 := invite(f, u.ID, f.now.Add(time.Hour)), invite(f, u.ID, f.now.Add(time.Hour)), invite(f, other.ID, f.now.Add(time.Hour))
		must(t, f.st.DeleteInvitationsOfUser(f.ctx, u.ID), "delete of user")
		if found(f, i1.TokenHash) || found(f, i2.TokenHash) || !found(f, i3.TokenHash) {
			t.Fatal("wrong invitations deleted")
		}
	})
	t.Run("DeleteExpiredInvitations/OKCountsExpired", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		old := invite(f, u.ID, f.now.Add(-time.Minute))
		live := invite(f, u.ID, f.now.Add(time.Hour))
		n, err := f.st.DeleteExpiredInvitations(f.ctx, f.now)
		must(t, err, "delete expired")
		if n != 1 {
			t.Errorf("deleted %d, want 1", n)
		}
		if found(f, old.TokenHash) || !found(f, live.TokenHash) {
			t.Fatal("wrong invitations deleted")
		}
	})
}
