package storetest

import (
	"testing"

	"github.com/agora-events/agora/models"
)

func (s *suite) organisations(t *testing.T) {
	t.Run("Ping/OK", func(t *testing.T) {
		f := s.fixture(t)
		must(t, f.st.Ping(f.ctx), "ping")
	})
	t.Run("InsertOrganisation/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := &models.Organisation{ID: models.NewID(), Name: "Biblioteka", Slug: "biblioteka", Country: "PL",
			Timezone: "Europe/Warsaw", DefaultLanguage: "pl", CreatedAt: f.now}
		must(t, f.st.InsertOrganisation(f.ctx, o), "insert")
		byID, err := f.st.OrganisationByID(f.ctx, o.ID)
		must(t, err, "by id")
		bySlug, err := f.st.OrganisationBySlug(f.ctx, "biblioteka")
		must(t, err, "by slug")
		for _, got := range []*models.Organisation{byID, bySlug} {
			if got.ID != o.ID || got.Name != o.Name || got.Slug != o.Slug || got.Country != o.Country ||
				got.Timezone != o.Timezone || got.DefaultLanguage != o.DefaultLanguage {
				t.Fatalf("read %+v, stored %+v", got, o)
			}
			sameTime(t, got.CreatedAt, o.CreatedAt, "created_at")
		}
	})
	t.Run("InsertOrganisation/ErrConflictSlugTaken", func(t *testing.T) {
		f := s.fixture(t)
		first := f.org()
		second := &models.Organisation{ID: models.NewID(), Name: "Other", Slug: first.Slug, Country: "LT",
			Timezone: "Europe/Vilnius", DefaultLanguage: "lt", CreatedAt: f.now}
		wantCode(t, f.st.InsertOrganisation(f.ctx, second), models.ErrConflict, "same slug")
		got, err := f.st.OrganisationBySlug(f.ctx, first.Slug)
		must(t, err, "by slug")
		if got.ID != first.ID {
			t.Fatalf("slug now names %s, want the first %s", got.ID, first.ID)
		}
		wantCode(t, errOf(f.st.OrganisationByID(f.ctx, second.ID)), models.ErrNotFound, "refused organisation")
		if n, err := f.st.CountOrganisations(f.ctx); err != nil || n != 1 {
			t.Fatalf("count %d (%v), want 1", n, err)
		}
	})
	t.Run("OrganisationByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.org()
		wantCode(t, errOf(f.st.OrganisationByID(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	t.Run("OrganisationBySlug/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.org()
		wantCode(t, errOf(f.st.OrganisationBySlug(f.ctx, "nowhere")), models.ErrNotFound, "unknown slug")
	})
	t.Run("ListOrganisations/OKPagedBySlug", func(t *testing.T) {
		f := s.fixture(t)
		for _, slug := range []string{"delta", "alpha", "echo", "charlie", "bravo"} {
			must(t, f.st.InsertOrganisation(f.ctx, &models.Organisation{ID: models.NewID(), Name: slug, Slug: slug,
				Country: "PL", Timezone: "UTC", DefaultLanguage: "en", CreatedAt: f.now}), "insert "+slug)
		}
		var pages [][]string
		after := ""
		for range 5 {
			page, err := f.st.ListOrganisations(f.ctx, after, 2)
			must(t, err, "list")
			slugs := make([]string, len(page))
			for i, o := range page {
				slugs[i] = o.Slug
			}
			pages = append(pages, slugs)
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].Slug
		}
		want := [][]string{{"alpha", "bravo"}, {"charlie", "delta"}, {"echo"}}
		if len(pages) != len(want) {
			t.Fatalf("pages %v, want %v", pages, want)
		}
		for i := range want {
			wantIDs(t, pages[i], want[i], "page")
		}
		if n, err := f.st.CountOrganisations(f.ctx); err != nil || n != 5 {
			t.Fatalf("count %d (%v), want 5", n, err)
		}
	})
}

// user stores a staff account.
func (f *fixture) user(orgID, email string, role models.Role) *models.User {
	f.t.Helper()
	u := &models.User{ID: models.NewID(), Email: email, Name: "Staff " + email, Role: role, OrganisationID: orgID,
		PasswordHash: "hash", CreatedAt: f.now}
	if err := f.st.InsertUser(f.ctx, u); err != nil {
		f.t.Fatalf("insert user %s: %v", email, err)
	}
	return u
}

func (s *suite) users(t *testing.T) {
	t.Run("InsertUser/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		u := &models.User{ID: models.NewID(), Email: "ana@example.org", Name: "Ana", Role: models.RoleManager,
			OrganisationID: o.ID, PasswordHash: "argon", CreatedAt: f.now}
		must(t, f.st.InsertUser(f.ctx, u), "insert")
		got, err := f.st.UserByID(f.ctx, u.ID)
		must(t, err, "by id")
		if got.Email != "ana@example.org" || got.Name != "Ana" || got.Role != models.RoleManager ||
			got.OrganisationID != o.ID || got.PasswordHash != "argon" || got.Disabled {
			t.Fatalf("read %+v, stored %+v", got, u)
		}
		sameTime(t, got.CreatedAt, f.now, "created_at")
		if n, err := f.st.CountUsers(f.ctx); err != nil || n != 1 {
			t.Fatalf("count %d (%v), want 1", n, err)
		}
	})
	t.Run("UserByEmail/OKCaseInsensitive", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "Maria.Nowak@Example.org", models.RoleAdmin)
		for _, email := range []string{"maria.nowak@example.org", "MARIA.NOWAK@EXAMPLE.ORG", "Maria.Nowak@Example.org"} {
			got, err := f.st.UserByEmail(f.ctx, email)
			must(t, err, "by email "+email)
			if got.ID != u.ID {
				t.Fatalf("%s found %s, want %s", email, got.ID, u.ID)
			}
		}
	})
	t.Run("InsertUser/ErrConflictEmailTakenCaseInsensitive", func(t *testing.T) {
		f := s.fixture(t)
		first := f.user("", "ana@example.org", models.RoleAdmin)
		second := &models.User{ID: models.NewID(), Email: "ANA@Example.ORG", Name: "Other", Role: models.RoleAdmin,
			CreatedAt: f.now}
		wantCode(t, f.st.InsertUser(f.ctx, second), models.ErrConflict, "same email in capitals")
		got, err := f.st.UserByEmail(f.ctx, "ana@example.org")
		must(t, err, "by email")
		if got.ID != first.ID {
			t.Fatalf("email now names %s, want %s", got.ID, first.ID)
		}
		if n, err := f.st.CountUsers(f.ctx); err != nil || n != 1 {
			t.Fatalf("count %d (%v), want 1", n, err)
		}
	})
	t.Run("UserByID/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.user("", "a@example.org", models.RoleAdmin)
		wantCode(t, errOf(f.st.UserByID(f.ctx, models.NewID())), models.ErrNotFound, "unknown id")
	})
	t.Run("UserByEmail/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.user("", "a@example.org", models.RoleAdmin)
		wantCode(t, errOf(f.st.UserByEmail(f.ctx, "b@example.org")), models.ErrNotFound, "unknown email")
	})
	t.Run("UsersOfOrganisation/OKByEmailOnlyTheirs", func(t *testing.T) {
		f := s.fixture(t)
		o, other := f.org(), f.org()
		f.user(o.ID, "carol@example.org", models.RoleOrganiser)
		f.user(o.ID, "alice@example.org", models.RoleManager)
		f.user(other.ID, "bob@example.org", models.RoleManager)
		f.user(o.ID, "dave@example.org", models.RoleOrganiser)
		f.user("", "admin@example.org", models.RoleAdmin)
		got, err := f.st.UsersOfOrganisation(f.ctx, o.ID)
		must(t, err, "users")
		wantIDs(t, emails(got), []string{"alice@example.org", "carol@example.org", "dave@example.org"}, "users")
	})
	t.Run("UsersOfOrganisationPage/OKPagedByEmail", func(t *testing.T) {
		f := s.fixture(t)
		o, other := f.org(), f.org()
		for _, e := range []string{"e@x.org", "b@x.org", "d@x.org", "a@x.org", "c@x.org"} {
			f.user(o.ID, e, models.RoleOrganiser)
		}
		f.user(other.ID, "bb@x.org", models.RoleOrganiser)
		var all []string
		after := ""
		for range 5 {
			page, err := f.st.UsersOfOrganisationPage(f.ctx, o.ID, after, 2)
			must(t, err, "page")
			if len(page) > 2 {
				t.Fatalf("page of %d, limit 2", len(page))
			}
			all = append(all, emails(page)...)
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].Email
		}
		wantIDs(t, all, []string{"a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org"}, "paged users")
	})
	t.Run("SetUserPassword/OK", func(t *testing.T) {
		f := s.fixture(t)
		u, other := f.user("", "a@x.org", models.RoleAdmin), f.user("", "b@x.org", models.RoleAdmin)
		must(t, f.st.SetUserPassword(f.ctx, u.ID, "new-hash"), "set password")
		if got, _ := f.st.UserByID(f.ctx, u.ID); got == nil || got.PasswordHash != "new-hash" {
			t.Fatalf("password hash %+v, want new-hash", got)
		}
		if got, _ := f.st.UserByID(f.ctx, other.ID); got == nil || got.PasswordHash != "hash" {
			t.Fatalf("another user's hash changed: %+v", got)
		}
	})
	t.Run("SetUserRole/OK", func(t *testing.T) {
		f := s.fixture(t)
		o := f.org()
		u := f.user(o.ID, "a@x.org", models.RoleOrganiser)
		must(t, f.st.SetUserRole(f.ctx, u.ID, models.RoleManager), "set role")
		if got, _ := f.st.UserByID(f.ctx, u.ID); got == nil || got.Role != models.RoleManager {
			t.Fatalf("role %+v, want manager", got)
		}
	})
	t.Run("SetUserDisabled/OK", func(t *testing.T) {
		f := s.fixture(t)
		u := f.user("", "a@x.org", models.RoleAdmin)
		must(t, f.st.SetUserDisabled(f.ctx, u.ID, true), "disable")
		if got, _ := f.st.UserByID(f.ctx, u.ID); got == nil || !got.Disabled {
			t.Fatalf("user %+v, want disabled", got)
		}
		must(t, f.st.SetUserDisabled(f.ctx, u.ID, false), "enable")
		if got, _ := f.st.UserByID(f.ctx, u.ID); got == nil || got.Disabled {
			t.Fatalf("user %+v, want enabled", got)
		}
	})
	t.Run("SetUser/ErrNotFound", func(t *testing.T) {
		f := s.fixture(t)
		f.user("", "a@x.org", models.RoleAdmin)
		unknown := models.NewID()
		wantCode(t, f.st.SetUserPassword(f.ctx, unknown, "h"), models.ErrNotFound, "password of unknown user")
		wantCode(t, f.st.SetUserRole(f.ctx, unknown, models.RoleManager), models.ErrNotFound, "role of unknown user")
		wantCode(t, f.st.SetUserDisabled(f.ctx, unknown, true), models.ErrNotFound, "disable unknown user")
	})
}

func emails(us []models.User) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Email
	}
	return out
}
