package registration

import (
	"context"
	"testing"
	"time"

	mongostore "github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/store/sqlite/sqlitetest"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store/mongo/mongotest"
	"github.com/agora-events/agora/store/storetest/seatcheck"
	"github.com/agora-events/agora/web"
)

// newSignupService returns a Service on a fresh embedded store that
// queues its emails into the real outbox of that store.
func newSignupService(t testing.TB) (*Service, Store) {
	t.Helper()
	return newServiceOn(t, sqlitetest.New(t))
}

// newMongoSignupService is newSignupService on the MongoDB implementation
// (the test server): for MongoDB's recovery of interrupted sequences.
func newMongoSignupService(t testing.TB) (*Service, *mongostore.Store) {
	t.Helper()
	st := mongotest.New(t)
	s, _ := newServiceOn(t, st)
	return s, st
}

func newServiceOn(t testing.TB, st Store) (*Service, Store) {
	t.Helper()
	outbox := newTestOutbox(t, st, "http://agora.test", nil)
	return New(Options{Store: st, Mail: outbox, Logger: sqlitetest.Logger(),
		SecretKey: "0123456789abcdef0123456789abcdef", Links: testLinks("http://agora.test")}), st
}

// testLinks are link templates at baseURL shaped like the HTTP layer's
// routes (which this package cannot import).
func testLinks(baseURL string) Links {
	return Links{Manage: models.LinkTemplate(baseURL + "/signups/" + models.LinkToken),
		Invitation: models.LinkTemplate(baseURL + "/staff/invitations/" + models.LinkToken)}
}

// newTestOutbox returns the real outbox of st, rendering with the real
// templates; now may be nil for the real clock.
func newTestOutbox(t testing.TB, st Store, baseURL string, now func() time.Time) *notifications.Outbox {
	t.Helper()
	catalog, err := web.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	renderer, err := notifications.NewRenderer(catalog)
	if err != nil {
		t.Fatal(err)
	}
	outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: st, Renderer: renderer,
		BaseURL: baseURL, ManageLink: testLinks(baseURL).Manage, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return outbox
}

// seedActivity stores an organisation and a published activity a week
// ahead (capacity 10, parties up to 4, a waiting list), changed by edit.
func seedActivity(t testing.TB, st Store, edit func(a *models.Activity)) *models.Activity {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	org := &models.Organisation{ID: models.NewID(), Name: "Library", Slug: "lib-" + models.NewID(), Country: "PL",
		Timezone: "Europe/Warsaw", DefaultLanguage: "pl", CreatedAt: now}
	if err := st.InsertOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	a := &models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: models.KindLunch,
		Title: models.Text{"en": "Lunch"}, StartsAt: now.Add(7 * 24 * time.Hour), EndsAt: now.Add(7*24*time.Hour + 2*time.Hour),
		Timezone: "Europe/Warsaw", Venue: models.Venue{Name: "Hall"}, Capacity: 10, MaxPartySize: 4, Waitlist: true,
		Status: models.StatusPublished, SeatHolders: []models.SeatHolder{}, CreatedAt: now, UpdatedAt: now}
	if edit != nil {
		edit(a)
	}
	if err := st.InsertActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

func input(email string, party int) SignupInput {
	return SignupInput{Name: "Ana " + email, Email: email, PartySize: party, Language: "uk", Consent: true}
}

func mustSignUp(t testing.TB, s *Service, activityID, email string, party int) *SignupResult {
	t.Helper()
	r, err := s.SignUp(context.Background(), activityID, "", input(email, party))
	if err != nil {
		t.Fatalf("sign up %s: %v", email, err)
	}
	return r
}

// checkSeats asserts the seat invariant (seatcheck.Check) on the activity
// and every signup as the store holds them, and returns the activity.
func checkSeats(t testing.TB, st Store, activityID string, rules ...seatcheck.Rule) *models.Activity {
	t.Helper()
	ctx := context.Background()
	a, err := st.ActivityByID(ctx, activityID)
	if err != nil {
		t.Fatal(err)
	}
	all, err := st.ListSignups(ctx, activityID, nil, nil, 10000)
	if err != nil {
		t.Fatal(err)
	}
	seatcheck.Check(t, a, all, rules...)
	return a
}

func status(t testing.TB, st Store, id string) string {
	t.Helper()
	su, err := st.SignupByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return su.Status
}

func hasEmail(t testing.TB, st Store, kind, signupID string) bool {
	t.Helper()
	_, err := st.OutboxByDedupKey(context.Background(), notifications.SignupDedupKey(kind, signupID))
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}
