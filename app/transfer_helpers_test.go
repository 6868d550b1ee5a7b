package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/web"
)

// transferSecret is the secret key of every store of the transfer tests.
const transferSecret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// commandEnv is the configuration of a command run on dataDir, with extra
// variables as name, value pairs.
func commandEnv(dataDir string, extra ...string) func(string) string {
	env := map[string]string{"DATA_DIR": dataDir, "SECRET_KEY": transferSecret, "LOG_LEVEL": "warn"}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	return func(k string) string { return env[k] }
}

// runCmd runs an agora command and returns what it printed.
func runCmd(t *testing.T, getenv func(string) string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var out bytes.Buffer
	err := runCommand(ctx, args, getenv, &out, testLogWriter{t})
	return out.String(), err
}

// mustCmd is runCmd for a command that must succeed.
func mustCmd(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	out, err := runCmd(t, getenv, args...)
	if err != nil {
		t.Fatalf("agora %v: %v", args, err)
	}
	return out
}

// transferFixture names what fillStore wrote.
type transferFixture struct {
	OrgID, UserID, SessionHash, InvitationHash string
	ActivityID, EndedActivityID, MessageID     string
	KeyHash                                    string
	Confirmed, Waiting1, Waiting2              string // signup ids, in signup order
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// fillStore writes one of everything a store holds, signups through the
// use case (seats, waiting list, emails with a calendar attachment), the
// rest through the store: an organisation, a staff user with a password
// hash, a session, a set-password link, a published activity with a
// question whose reminders are queued, an ended one whose personal data
// is erased, a confirmed signup of two and two waiting, an organiser
// message, emails sent, failed and pending, a completed idempotency key,
// an audit entry, two certificates of the ended activity (one revoked),
// and a series open for series signup with one.
func fillStore(t *testing.T, st registration.Store) transferFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %s: %v", what, err)
		}
	}
	f := transferFixture{OrgID: models.NewID(), UserID: models.NewID(), SessionHash: hashOf("session"),
		InvitationHash: hashOf("invitation"), ActivityID: models.NewID(), EndedActivityID: models.NewID(),
		MessageID: models.NewID(), KeyHash: hashOf("idempotency")}
	must("organisation", st.InsertOrganisation(ctx, &models.Organisation{ID: f.OrgID, Name: "City Library",
		Slug: "city-library", Country: "PL", Timezone: "Europe/Warsaw", DefaultLanguage: "pl", CreatedAt: now,
		Contact: models.Contact{Email: "hello@city-library.example", Phone: "+48 22 123", Website: "https://city-library.example"}}))
	must("user", st.InsertUser(ctx, &models.User{ID: f.UserID, Email: "librarian@example.org", Name: "Librarian",
		Role: models.RoleOrganiser, OrganisationID: f.OrgID, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
		CreatedAt: now}))
	must("session", st.InsertSession(ctx, &models.Session{TokenHash: f.SessionHash, UserID: f.UserID,
		ExpiresAt: now.Add(24 * time.Hour), CreatedAt: now}))
	must("invitation", st.InsertInvitation(ctx, &models.Invitation{TokenHash: f.InvitationHash, UserID: f.UserID,
		ExpiresAt: now.Add(72 * time.Hour), CreatedAt: now}))

	start := now.Add(30 * 24 * time.Hour).Truncate(time.Hour)
	closes := start.Add(-time.Hour)
	a := models.Activity{ID: f.ActivityID, OrganisationID: f.OrgID, Kind: models.KindLanguageCafe,
		Title: models.Text{"en": "Language café", "pl": "Kawiarenka językowa"}, Description: models.Text{"en": "Talk & <b>tea</b>"},
		Languages: []string{"en", "pl"}, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Timezone: "Europe/Warsaw",
		Venue:    models.Venue{Name: "Main library", Address: "Rynek 1", OnlineURL: "https://meet.example.org/cafe"},
		Capacity: 2, MaxPartySize: 2, Waitlist: true, RegistrationClosesAt: &closes,
		Questions: []models.Question{{ID: "diet", Type: models.QuestionBoolean, Label: models.Text{"en": "Vegetarian?"}}},
		Status:    models.StatusPublished, CreatedAt: now, UpdatedAt: now}
	a.SetSearchText()
	must("activity", st.InsertActivity(ctx, &a))
	ended := models.Activity{ID: f.EndedActivityID, OrganisationID: f.OrgID, Kind: models.KindLunch,
		Title: models.Text{"en": "Lunch"}, StartsAt: now.Add(-200 * 24 * time.Hour), EndsAt: now.Add(-199 * 24 * time.Hour),
		Timezone: "Europe/Warsaw", Capacity: 10, MaxPartySize: 1, Status: models.StatusPublished, CreatedAt: now, UpdatedAt: now}
	ended.SetSearchText()
	must("ended activity", st.InsertActivity(ctx, &ended))
	must("erased mark", st.MarkPersonalDataErased(ctx, ended.ID, now))
	must("reminders mark", st.SetRemindersQueued(ctx, a.ID, now))

	reg := fixtureService(t, st)
	for i, in := range []registration.SignupInput{
		{Name: "Olena", Email: "Olena@Example.org", Phone: "+48 600 000 000", PartySize: 2, Language: "uk",
			Answers: map[string]any{"diet": true}, Consent: true},
		{Name: "Ahmed", Email: "ahmed@example.org", PartySize: 1, Language: "ar", Answers: map[string]any{"diet": false}, Consent: true},
		{Name: "Marta", Email: "marta@example.org", PartySize: 1, Language: "pl", Consent: true},
	} {
		res, err := reg.SignUp(ctx, a.ID, "", in)
		must("signup "+in.Name, err)
		*[]*string{&f.Confirmed, &f.Waiting1, &f.Waiting2}[i] = res.Signup.ID
	}
	must("message", st.InsertMessage(ctx, &models.Message{ID: f.MessageID, OrganisationID: f.OrgID, ActivityID: a.ID,
		Subject: models.Text{"en": "Bring a friend"}, Body: models.Text{"en": "**See you**"}, Languages: []string{"en"},
		Format: models.FormatMarkdown, Audience: []string{models.SignupConfirmed}, Recipients: 1,
		Status: models.MessageQueued, CreatedBy: f.UserID, CreatedAt: now}))

	// The three emails of the signups: one sent, one failed, one waiting
	// for a retry.
	emails, err := st.ClaimOutboxExclusive(ctx, now.Add(time.Hour), 10, nil, nil)
	must("claim", err)
	if len(emails) != 3 {
		t.Fatalf("fixture: %d emails queued, want 3", len(emails))
	}
	sort.Slice(emails, func(i, j int) bool { return emails[i].ID < emails[j].ID })
	must("sent", st.RecordOutboxSent(ctx, emails[:1], now))
	must("drop", st.DropOutboxQueued(ctx, []string{emails[0].ID}))
	must("failed", st.MarkOutboxFailed(ctx, []store.OutboxFailure{{Email: &emails[1], Attempts: 3,
		LastError: "550 mailbox unavailable"}}, now))
	must("retry", st.MarkOutboxRetry(ctx, []store.OutboxRetry{{ID: emails[2].ID, Attempts: 1,
		Next: now.Add(5 * time.Minute), LastError: "421 try again later"}}, now))

	must("idempotency key", st.InsertIdempotencyKey(ctx, &models.IdempotencyRecord{KeyHash: f.KeyHash,
		RequestHash: hashOf("request"), State: models.IdempotencyInProgress, ResourceID: f.Confirmed,
		LeaseUntil: now.Add(time.Minute), CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)}))
	must("idempotency answer", st.CompleteIdempotencyKey(ctx, f.KeyHash, 201, "application/json", []byte(`{"id":"x"}`)))
	must("audit", st.InsertAudit(ctx, &models.AuditEntry{ID: models.NewID(), OrganisationID: f.OrgID, ActorID: f.UserID,
		ActorEmail: "librarian@example.org", ActorRole: string(models.RoleOrganiser), Action: models.AuditActivityCreate,
		TargetType: models.AuditTargetActivity, TargetID: a.ID, At: now}))
	revoked := now.Add(time.Minute)
	for i, at := range []*time.Time{nil, &revoked} {
		signup := fmt.Sprintf("attended-%d", i)
		must("certificate", st.InsertCertificate(ctx, &models.Certificate{
			ID:       models.CertificateCodeHash(models.CertificateCode([]byte(transferSecret), signup)),
			SignupID: signup, ActivityID: f.EndedActivityID, OrganisationID: f.OrgID,
			Title: models.Text{"en": "Language café", "ar": "مقهى اللغة"}, OrganisationName: "City Library",
			Language: "pl", Timezone: "Europe/Warsaw", Minutes: 90, NameHash: hashOf(signup), IssuedAt: now,
			Sessions:  []models.CertificateSession{{StartsAt: now.Add(-3 * time.Hour), EndsAt: now.Add(-90 * time.Minute)}},
			RevokedAt: at}))
	}
	must("series", st.SaveSeries(ctx, &models.Series{ID: "series-1", OrganisationID: f.OrgID, SeriesSignup: true,
		CreatedAt: now, UpdatedAt: now}))
	must("series signup", st.InsertSeriesSignup(ctx, &models.SeriesSignup{ID: models.NewID(), SeriesID: "series-1",
		OrganisationID: f.OrgID, Name: "Olena", Email: "olena@example.org", PartySize: 1, Language: "uk",
		Answers: map[string]any{"diet": true}, Status: models.SeriesSignupActive,
		ActiveKey: models.SeriesActiveKey("series-1", "olena@example.org"), ManageTokenHash: hashOf("series-token"),
		ConsentAt: now, CreatedAt: now, UpdatedAt: now}))
	return f
}

// fixtureService is the registration service of a test store, queuing
// real emails.
func fixtureService(t *testing.T, st registration.Store) *registration.Service {
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
		BaseURL: "http://localhost:3000", ManageLink: routes.Links("http://localhost:3000").Manage})
	if err != nil {
		t.Fatal(err)
	}
	return registration.New(registration.Options{Store: st, SecretKey: transferSecret,
		Links: routes.Links("http://localhost:3000"), Mail: outbox})
}
