package sqlite_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
)

func TestUsers(t *testing.T) {
	ctx := context.Background()

	t.Run("RoundTripLowerCasesEmail", func(t *testing.T) {
		st := regStore(t)
		o := regOrg(t, st, "org")
		u := &models.User{ID: models.NewID(), Email: "Anna.Berzina@Example.LV", Name: "Anna", Role: models.RoleManager,
			OrganisationID: o.ID, PasswordHash: "h1", Disabled: true, CreatedAt: regT0}
		if err := st.InsertUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if u.Email != "anna.berzina@example.lv" {
			t.Fatalf("email in the model: %q, want it lower-cased", u.Email)
		}
		got, err := st.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, u) {
			t.Fatalf("got %+v, want %+v", got, u)
		}
		for _, email := range []string{"anna.berzina@example.lv", "ANNA.BERZINA@EXAMPLE.LV", "Anna.Berzina@example.lv"} {
			got, err := st.UserByEmail(ctx, email)
			if err != nil || got.ID != u.ID {
				t.Fatalf("by email %q: %+v %v", email, got, err)
			}
		}
	})

	t.Run("UnicodeEmailCaseInsensitive", func(t *testing.T) {
		st := regStore(t)
		u := regUser(t, st, "", "ĀRIJA@Pasts.LV")
		got, err := st.UserByEmail(ctx, "ārija@pasts.lv")
		if err != nil || got.ID != u.ID {
			t.Fatalf("by email: %+v %v", got, err)
		}
		err = st.InsertUser(ctx, &models.User{ID: models.NewID(), Email: "Ārija@pasts.lv", Role: models.RoleAdmin, CreatedAt: regT0})
		wantCode(t, err, models.ErrConflict)
	})

	t.Run("Unknown", func(t *testing.T) {
		st := regStore(t)
		_, err := st.UserByID(ctx, "nope")
		wantCode(t, err, models.ErrNotFound)
		_, err = st.UserByEmail(ctx, "nobody@example.org")
		wantCode(t, err, models.ErrNotFound)
	})

	t.Run("TakenEmailOrID", func(t *testing.T) {
		st := regStore(t)
		u := regUser(t, st, "", "boss@example.org")
		err := st.InsertUser(ctx, &models.User{ID: models.NewID(), Email: "BOSS@example.org", Role: models.RoleAdmin, CreatedAt: regT0})
		wantCode(t, err, models.ErrConflict)
		err = st.InsertUser(ctx, &models.User{ID: u.ID, Email: "other@example.org", Role: models.RoleAdmin, CreatedAt: regT0})
		wantCode(t, err, models.ErrConflict)
		if n, err := st.CountUsers(ctx); err != nil || n != 1 {
			t.Fatalf("count: %d %v", n, err)
		}
	})

	t.Run("OfOrganisation", func(t *testing.T) {
		st := regStore(t)
		o, other := regOrg(t, st, "o"), regOrg(t, st, "other")
		for _, e := range []string{"c@x.lv", "A@x.lv", "e@x.lv", "b@x.lv", "d@x.lv"} {
			regUser(t, st, o.ID, e)
		}
		regUser(t, st, other.ID, "aa@x.lv")
		regUser(t, st, "", "admin@x.lv")
		emails := func(us []models.User) []string {
			out := []string{}
			for _, u := range us {
				out = append(out, u.Email)
			}
			return out
		}
		all, err := st.UsersOfOrganisation(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"a@x.lv", "b@x.lv", "c@x.lv", "d@x.lv", "e@x.lv"}
		if got := emails(all); !reflect.DeepEqual(got, want) {
			t.Fatalf("all: got %v, want %v", got, want)
		}
		var paged []string
		after := ""
		for {
			page, err := st.UsersOfOrganisationPage(ctx, o.ID, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, emails(page)...)
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].Email
		}
		if !reflect.DeepEqual(paged, want) {
			t.Fatalf("paged: got %v, want %v", paged, want)
		}
		none, err := st.UsersOfOrganisation(ctx, "")
		if err != nil || len(none) != 0 || none == nil {
			t.Fatalf("no organisation: %#v %v, want an empty list (admins belong to none)", none, err)
		}
		if n, err := st.CountUsers(ctx); err != nil || n != 7 {
			t.Fatalf("count: %d %v", n, err)
		}
	})

	t.Run("Set", func(t *testing.T) {
		st := regStore(t)
		u := regUser(t, st, regOrg(t, st, "o").ID, "x@x.lv")
		if err := st.SetUserPassword(ctx, u.ID, "new-hash"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetUserRole(ctx, u.ID, models.RoleManager); err != nil {
			t.Fatal(err)
		}
		if err := st.SetUserDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		// Setting what is already there still finds the user.
		if err := st.SetUserDisabled(ctx, u.ID, true); err != nil {
			t.Fatalf("same value again: %v", err)
		}
		got, err := st.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PasswordHash != "new-hash" || got.Role != models.RoleManager || !got.Disabled {
			t.Fatalf("got %+v", got)
		}
		if err := st.SetUserDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.UserByID(ctx, u.ID); got.Disabled {
			t.Fatal("still disabled")
		}
		wantCode(t, st.SetUserPassword(ctx, "nope", "h"), models.ErrNotFound)
		wantCode(t, st.SetUserRole(ctx, "nope", models.RoleAdmin), models.ErrNotFound)
		wantCode(t, st.SetUserDisabled(ctx, "nope", true), models.ErrNotFound)
	})
}

func TestSessions(t *testing.T) {
	ctx := context.Background()

	t.Run("RoundTripAndDelete", func(t *testing.T) {
		st := regStore(t)
		u := regUser(t, st, "", "a@x.lv")
		sess := &models.Session{TokenHash: "h1", UserID: u.ID, ExpiresAt: regT0.Add(time.Hour), CreatedAt: regT0}
		if err := st.InsertSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		got, err := st.SessionByHash(ctx, "h1")
		if err != nil || !reflect.DeepEqual(got, sess) {
			t.Fatalf("got %+v %v, want %+v", got, err, sess)
		}
		wantCode(t, st.InsertSession(ctx, sess), models.ErrConflict)
		if err := st.DeleteSession(ctx, "h1"); err != nil {
			t.Fatal(err)
		}
		_, err = st.SessionByHash(ctx, "h1")
		wantCode(t, err, models.ErrNotFound)
		if err := st.DeleteSession(ctx, "h1"); err != nil {
			t.Fatalf("deleting a missing session: %v", err)
		}
	})

	t.Run("UnknownUser", func(t *testing.T) {
		st := regStore(t)
		err := st.InsertSession(ctx, &models.Session{TokenHash: "h", UserID: "nope", ExpiresAt: regT0, CreatedAt: regT0})
		wantCode(t, err, models.ErrNotFound)
	})

	t.Run("ExpiredKeptUntilDeleted", func(t *testing.T) {
		st := regStore(t)
		u := regUser(t, st, "", "a@x.lv")
		for i, exp := range []time.Duration{-2 * time.Hour, -time.Minute, 0, time.Hour} {
			sess := &models.Session{TokenHash: string(rune('a' + i)), UserID: u.ID, ExpiresAt: regT0.Add(exp), CreatedAt: regT0}
			if err := st.InsertSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.SessionByHash(ctx, "a"); err != nil {
			t.Fatalf("an expired session is found until deleted: %v", err)
		}
		n, err := st.DeleteExpiredSessions(ctx, regT0)
		if err != nil || n != 2 {
			t.Fatalf("deleted %d %v, want 2 (expired strictly before now)", n, err)
		}
		for h, want := range map[string]bool{"a": false, "b": false, "c": true, "d": true} {
			_, err := st.SessionByHash(ctx, h)
			if (err == nil) != want {
				t.Fatalf("session %s: %v, want kept=%v", h, err, want)
			}
		}
	})

	t.Run("OfUser", func(t *testing.T) {
		st := regStore(t)
		u, v := regUser(t, st, "", "a@x.lv"), regUser(t, st, "", "b@x.lv")
		for _, s := range []models.Session{{TokenHash: "u1", UserID: u.ID}, {TokenHash: "u2", UserID: u.ID}, {TokenHash: "v1", UserID: v.ID}} {
			s.ExpiresAt, s.CreatedAt = regT0.Add(time.Hour), regT0
			if err := st.InsertSession(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.DeleteSessionsOfUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		for h, want := range map[string]bool{"u1": false, "u2": false, "v1": true} {
			_, err := st.SessionByHash(ctx, h)
			if (err == nil) != want {
				t.Fatalf("session %s: %v, want kept=%v", h, err, want)
			}
		}
	})
}

func TestInvitations(t *testing.T) {
	ctx := context.Background()

	t.Run("RoundTripAndDeleteOfUser", func(t *testing.T) {
		st := regStore(t)
		u, v := regUser(t, st, "", "a@x.lv"), regUser(t, st, "", "b@x.lv")
		inv := &models.Invitation{TokenHash: "i1", UserID: u.ID, ExpiresAt: regT0.Add(time.Hour), CreatedAt: regT0}
		for _, in := range []*models.Invitation{inv, {TokenHash: "i2", UserID: u.ID, ExpiresAt: regT0, CreatedAt: regT0},
			{TokenHash: "j1", UserID: v.ID, ExpiresAt: regT0, CreatedAt: regT0}} {
			if err := st.InsertInvitation(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.InvitationByHash(ctx, "i1")
		if err != nil || !reflect.DeepEqual(got, inv) {
			t.Fatalf("got %+v %v, want %+v", got, err, inv)
		}
		wantCode(t, st.InsertInvitation(ctx, inv), models.ErrConflict)
		if err := st.DeleteInvitationsOfUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		for h, want := range map[string]bool{"i1": false, "i2": false, "j1": true} {
			_, err := st.InvitationByHash(ctx, h)
			if (err == nil) != want {
				t.Fatalf("invitation %s: %v, want kept=%v", h, err, want)
			}
			if !want {
				wantCode(t, err, models.ErrNotFound)
			}
		}
	})

	t.Run("UnknownUser", func(t *testing.T) {
		st := regStore(t)
		err := st.InsertInvitation(ctx, &models.Invitation{TokenHash: "h", UserID: "nope", ExpiresAt: regT0, CreatedAt: regT0})
		wantCode(t, err, models.ErrNotFound)
	})

	t.Run("DeleteExpired", func(t *testing.T) {
		st := regStore(t)
		u := regUser(t, st, "", "a@x.lv")
		for i, exp := range []time.Duration{-time.Hour, -time.Millisecond, 0, time.Hour} {
			in := &models.Invitation{TokenHash: string(rune('a' + i)), UserID: u.ID, ExpiresAt: regT0.Add(exp), CreatedAt: regT0}
			if err := st.InsertInvitation(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		n, err := st.DeleteExpiredInvitations(ctx, regT0)
		if err != nil || n != 2 {
			t.Fatalf("deleted %d %v, want 2", n, err)
		}
		if _, err := st.InvitationByHash(ctx, "c"); err != nil {
			t.Fatalf("expiring now is kept: %v", err)
		}
	})
}
