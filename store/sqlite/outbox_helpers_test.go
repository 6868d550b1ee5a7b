package sqlite_test

// The fixtures and checks the outbox tests share: a fresh store, numbered
// emails, and assertions on ids, statuses and stored bodies.

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/sqlite"
)

var (
	_ notifications.OutboxQueue    = (*sqlite.Store)(nil)
	_ notifications.OutboxDelivery = (*sqlite.Store)(nil)
	_ interface {
		EraseOutbox(ctx context.Context, scope store.OutboxScope, now time.Time) ([]string, error)
	} = (*sqlite.Store)(nil)
)

// outboxT0 is when the outbox tests start (stored times are milliseconds).
var outboxT0 = time.Date(2030, 5, 6, 9, 0, 0, 0, time.UTC)

// outboxErasedReason is the error of an email erased before it was sent.
const outboxErasedReason = "not sent: the recipient's personal data was erased"

// outboxStore opens a fresh store, closed at the end of the test.
func outboxStore(t *testing.T) (*sqlite.Store, context.Context) {
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
	return st, ctx
}

// outboxMail returns an email numbered n: its id sorts by n, it is due at
// outboxT0 plus n seconds, to signup "s<n>" of activity "act1".
func outboxMail(n int) models.OutboxEmail {
	id := fmt.Sprintf("e%05d", n)
	at := outboxT0.Add(time.Duration(n) * time.Second)
	return models.OutboxEmail{
		ID: id, DedupKey: fmt.Sprintf("confirmed:s%d", n), Kind: "confirmed", Language: "en",
		To: fmt.Sprintf("p%d@example.org", n), ToName: fmt.Sprintf("Person %d", n), Subject: "Subject " + id,
		Text: "text " + id, HTML: "<p>html " + id + "</p>", HeaderMessageID: id + "@agora.test",
		Status: models.OutboxPending, NextAttemptAt: at,
		OrganisationID: "org1", ActivityID: "act1", SignupID: fmt.Sprintf("s%d", n),
		CreatedAt: at, UpdatedAt: at,
	}
}

// outboxQueue inserts emails, all of them new.
func outboxQueue(t *testing.T, st *sqlite.Store, es ...models.OutboxEmail) {
	t.Helper()
	n, err := st.InsertOutboxMany(context.Background(), es)
	if err != nil || n != len(es) {
		t.Fatalf("insert: %d new of %d, %v", n, len(es), err)
	}
}

// outboxGet reads an email that must exist.
func outboxGet(t *testing.T, st *sqlite.Store, id string) *models.OutboxEmail {
	t.Helper()
	e, err := st.OutboxByID(context.Background(), id)
	if err != nil {
		t.Fatalf("email %s: %v", id, err)
	}
	return e
}

func outboxIDsOf(es []models.OutboxEmail) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func outboxWantIDs(t *testing.T, what string, es []models.OutboxEmail, want ...string) {
	t.Helper()
	if got := outboxIDsOf(es); !slices.Equal(got, want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

func outboxWantStatus(t *testing.T, e *models.OutboxEmail, status string, attempts int, lastError string) {
	t.Helper()
	if e.Status != status || e.Attempts != attempts || e.LastError != lastError {
		t.Fatalf("email %s: %s after %d attempts (%q), want %s after %d (%q)", e.ID, e.Status, e.Attempts,
			e.LastError, status, attempts, lastError)
	}
}

// outboxWantBodies checks which parts of an email's body are stored.
func outboxWantBodies(t *testing.T, st *sqlite.Store, id string, want bool) {
	t.Helper()
	text, html, att, err := sqlite.OutboxBodies(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	if text != want || html != want {
		t.Fatalf("email %s: text stored %v, html %v, attachments %v; want %v", id, text, html, att, want)
	}
	if !want && att {
		t.Fatalf("email %s keeps its attachments", id)
	}
}
