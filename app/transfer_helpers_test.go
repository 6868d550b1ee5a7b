package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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
// message, emails sent, failed and pending, a completed idempotency key
// and an audit entry.
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

// storeView is everything of a filled store, as its methods read it.
type storeView struct {
	Organisation *models.Organisation
	User         *models.User
	Session      *models.Session
	Invitation   *models.Invitation
	Activities   []*models.Activity
	Signups      []models.Signup
	Message      *models.Message
	Emails       []models.OutboxEmail
	Due          []models.OutboxEmail // waiting emails with their bodies
	Key          *models.IdempotencyRecord
	Audit        []models.AuditEntry
	Report       map[string]store.KindFigures
	RemindersDue []models.Activity
	ToErase      []models.Activity
}

// viewOf reads everything fillStore wrote, normalising what the stores
// may tell apart without meaning anything (an empty text and none).
func viewOf(t *testing.T, st registration.Store, f transferFixture) storeView {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	var v storeView
	var err error
	check := func(what string, e error) {
		t.Helper()
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %w", what, e)
		}
	}
	var e error
	v.Organisation, e = st.OrganisationByID(ctx, f.OrgID)
	check("organisation", e)
	v.User, e = st.UserByID(ctx, f.UserID)
	check("user", e)
	v.Session, e = st.SessionByHash(ctx, f.SessionHash)
	check("session", e)
	v.Invitation, e = st.InvitationByHash(ctx, f.InvitationHash)
	check("invitation", e)
	for _, id := range []string{f.ActivityID, f.EndedActivityID} {
		a, e := st.ActivityByID(ctx, id)
		check("activity", e)
		if a != nil {
			normaliseActivity(a)
		}
		v.Activities = append(v.Activities, a)
	}
	v.Signups, e = st.SignupsByIDs(ctx, []string{f.Confirmed, f.Waiting1, f.Waiting2})
	check("signups", e)
	sort.Slice(v.Signups, func(i, j int) bool { return v.Signups[i].ID < v.Signups[j].ID })
	v.Message, e = st.MessageByID(ctx, f.MessageID)
	check("message", e)
	v.Emails, e = st.ListOutbox(ctx, store.OutboxFilter{Limit: 100})
	check("emails", e)
	v.Due, e = st.ClaimOutboxExclusive(ctx, now.Add(time.Hour), 100, nil, nil)
	check("due emails", e)
	for _, list := range [][]models.OutboxEmail{v.Emails, v.Due} {
		for i := range list {
			list[i].LeaseToken = "" // the lease of a process of the source, not carried
		}
	}
	for i := range v.Due {
		v.Due[i].DedupKey = "" // MongoDB's claims leave it out (Emails has it)
	}
	v.Key, e = st.IdempotencyKey(ctx, f.KeyHash)
	check("idempotency key", e)
	v.Audit, e = st.ListAudit(ctx, store.AuditFilter{Limit: 100})
	check("audit", e)
	v.Report, e = st.AttendanceByKind(ctx, store.ReportQuery{})
	check("report", e)
	v.RemindersDue, e = st.ActivitiesDueForReminders(ctx, now, 60*24*time.Hour)
	check("reminders", e)
	v.ToErase, e = st.ActivitiesToErase(ctx, now.Add(365*24*time.Hour), 100)
	check("to erase", e)
	if err != nil {
		t.Fatalf("reading the store: %v", err)
	}
	return v
}

func normaliseActivity(a *models.Activity) {
	if len(a.Description) == 0 {
		a.Description = nil
	}
	if len(a.Languages) == 0 {
		a.Languages = nil
	}
	if len(a.Questions) == 0 {
		a.Questions = nil
	}
	if len(a.WaitingList) == 0 {
		a.WaitingList = nil
	}
}

// sameView fails the test where two views differ, naming each difference
// (an empty list or map and none are the same).
func sameView(t *testing.T, got, want storeView) {
	t.Helper()
	var diffs []string
	diffValues("view", reflect.ValueOf(got), reflect.ValueOf(want), &diffs)
	for _, d := range diffs {
		t.Error(d)
	}
}

func diffValues(path string, a, b reflect.Value, diffs *[]string) {
	if a.Kind() != b.Kind() {
		*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
		return
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
			}
			return
		}
		diffValues(path, a.Elem(), b.Elem(), diffs)
	case reflect.Struct:
		if ta, ok := a.Interface().(time.Time); ok {
			if tb := b.Interface().(time.Time); !ta.Equal(tb) {
				*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, ta, tb))
			}
			return
		}
		for i := 0; i < a.NumField(); i++ {
			diffValues(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), diffs)
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			*diffs = append(*diffs, fmt.Sprintf("%s: %d elements, want %d", path, a.Len(), b.Len()))
			return
		}
		for i := 0; i < a.Len(); i++ {
			diffValues(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), diffs)
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
			return
		}
		for _, k := range a.MapKeys() {
			if !b.MapIndex(k).IsValid() {
				*diffs = append(*diffs, fmt.Sprintf("%s: key %v, not wanted", path, k))
				continue
			}
			diffValues(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k), diffs)
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %v, want %v", path, a, b))
		}
	}
}

// sameFiles fails the test unless both directories hold the same files
// with the same bytes.
func sameFiles(t *testing.T, dirA, dirB string) {
	t.Helper()
	read := func(dir string) map[string][]byte {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
		return out
	}
	a, b := read(dirA), read(dirB)
	if len(a) != len(b) {
		t.Fatalf("%s holds %d files, %s %d", dirA, len(a), dirB, len(b))
	}
	for name, content := range a {
		if !bytes.Equal(content, b[name]) {
			t.Errorf("%s differs:\n%s\n---\n%s", name, content, b[name])
		}
	}
}
