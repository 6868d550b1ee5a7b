package sqlite_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/sqlite"
)

// regT0 is the time the tests of this file group start from (stored times
// have millisecond precision).
var regT0 = time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC)

// regStore opens a fresh store in a temporary directory, closed at the
// end of the test.
func regStore(t *testing.T) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := st.Close(context.Background()); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return st
}

// regOrg stores an organisation with slug.
func regOrg(t *testing.T, st *sqlite.Store, slug string) *models.Organisation {
	t.Helper()
	o := &models.Organisation{ID: models.NewID(), Name: "Org " + slug, Slug: slug, Country: "LV",
		Timezone: "Europe/Riga", DefaultLanguage: "lv", CreatedAt: regT0}
	if err := st.InsertOrganisation(context.Background(), o); err != nil {
		t.Fatalf("insert organisation: %v", err)
	}
	return o
}

// regUser stores a user of org (admin when org is "").
func regUser(t *testing.T, st *sqlite.Store, org, email string) *models.User {
	t.Helper()
	role := models.RoleOrganiser
	if org == "" {
		role = models.RoleAdmin
	}
	u := &models.User{ID: models.NewID(), Email: email, Name: "N " + email, Role: role, OrganisationID: org,
		PasswordHash: "hash", CreatedAt: regT0}
	if err := st.InsertUser(context.Background(), u); err != nil {
		t.Fatalf("insert user: %v", err)
	}
	return u
}

// regActivity stores an activity of org starting at starts (lasting an
// hour), of kind, in status.
func regActivity(t *testing.T, st *sqlite.Store, org, kind, status string, starts time.Time) *models.Activity {
	t.Helper()
	a := &models.Activity{ID: models.NewID(), OrganisationID: org, Kind: kind, Title: models.Text{"en": "Talk " + kind},
		Languages: []string{"en"}, StartsAt: starts, EndsAt: starts.Add(time.Hour), Timezone: "Europe/Riga",
		Venue: models.Venue{Name: "Hall"}, Capacity: 100, MaxPartySize: 5, Status: status,
		CreatedAt: regT0, UpdatedAt: regT0}
	if err := st.InsertActivity(context.Background(), a); err != nil {
		t.Fatalf("insert activity: %v", err)
	}
	return a
}

// regSignup stores a pending signup of a for party people and moves it to
// status (when not pending) through the store's status change.
func regSignup(t *testing.T, st *sqlite.Store, a *models.Activity, party int, status string) *models.Signup {
	t.Helper()
	ctx := context.Background()
	id := models.NewID()
	email := strings.ToLower(id) + "@example.org"
	su := &models.Signup{ID: id, ActivityID: a.ID, OrganisationID: a.OrganisationID, Name: "P " + id, Email: email,
		PartySize: party, Language: "en", Status: models.SignupPending, ActiveKey: a.ID + "|" + email,
		ManageTokenHash: "h-" + id, ConsentAt: regT0, CreatedAt: regT0, UpdatedAt: regT0}
	if err := st.InsertSignup(ctx, su); err != nil {
		t.Fatalf("insert signup: %v", err)
	}
	if status != models.SignupPending {
		ok, err := st.SetSignupStatus(ctx, id, []string{models.SignupPending}, status, regT0)
		if err != nil || !ok {
			t.Fatalf("set signup status %s: %v %v", status, ok, err)
		}
		su.Status = status
	}
	return su
}

// wantCode fails unless err carries the models code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if !models.IsCode(err, code) {
		t.Fatalf("got %v, want code %s", err, code)
	}
}

// The groups of the store contract these files implement.
var (
	_ registration.Organisations   = (*sqlite.Store)(nil)
	_ registration.Users           = (*sqlite.Store)(nil)
	_ registration.Messages        = (*sqlite.Store)(nil)
	_ registration.IdempotencyKeys = (*sqlite.Store)(nil)
	_ registration.AuditLog        = (*sqlite.Store)(nil)
	_ registration.Reports         = (*sqlite.Store)(nil)
	_ registration.Reminders       = (*sqlite.Store)(nil)
)
