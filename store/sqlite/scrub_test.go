package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
	"github.com/agora-events/agora/store/sqlite"
)

// scrubFixture stores a signup of addr with an email to it (its body
// quoting addr), then erases both.
func scrubFixture(t *testing.T, st *sqlite.Store, addr string) {
	t.Helper()
	ctx := context.Background()
	org := regOrg(t, st, "scrub")
	a := &models.Activity{ID: models.NewID(), OrganisationID: org.ID, Kind: "workshop", Title: models.Text{"en": "W"},
		StartsAt: regT0.Add(24 * time.Hour), EndsAt: regT0.Add(26 * time.Hour), Timezone: "Europe/Riga",
		Capacity: 5, MaxPartySize: 1, Status: models.StatusPublished, CreatedAt: regT0, UpdatedAt: regT0}
	if err := st.InsertActivity(ctx, a); err != nil {
		t.Fatal(err)
	}
	su := &models.Signup{ID: models.NewID(), ActivityID: a.ID, OrganisationID: org.ID, Name: "Name of " + addr,
		Email: addr, Phone: "+371 2000 0000", PartySize: 1, Language: "lv", Status: models.SignupCancelled,
		ActiveKey: models.NewID(), ManageTokenHash: models.NewID(), ConsentAt: regT0, CreatedAt: regT0, UpdatedAt: regT0}
	if err := st.InsertSignup(ctx, su); err != nil {
		t.Fatal(err)
	}
	e := models.OutboxEmail{ID: models.NewID(), DedupKey: "confirmed:" + su.ID, Kind: "confirmed", Language: "lv",
		To: addr, ToName: su.Name, Subject: "S", Text: "Hello " + addr, HTML: "<p>Hello " + addr + "</p>",
		HeaderMessageID: "m@agora.test", Status: models.OutboxPending, NextAttemptAt: regT0,
		ActivityID: a.ID, SignupID: su.ID, CreatedAt: regT0, UpdatedAt: regT0}
	if _, err := st.InsertOutboxMany(ctx, []models.OutboxEmail{e}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.EraseOutbox(ctx, store.OutboxScope{SignupID: su.ID}, regT0); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.EraseSignup(ctx, su.ID, regT0); err != nil || !ok {
		t.Fatalf("erase: %v %v", ok, err)
	}
}

// filesWith lists the files of dir that hold needle.
func filesWith(t *testing.T, dir, needle string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(needle)) {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestScrub: after an erasure, the write-ahead log still holds the erased
// values; Scrub leaves none in any file of the store, and an empty log.
func TestScrub(t *testing.T) {
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), sqlite.Options{DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	const addr = "scrub.me@example.org"
	scrubFixture(t, st, addr)
	if found := filesWith(t, dir, addr); len(found) == 0 {
		t.Fatal("before Scrub, no file holds the erased address: the test proves nothing")
	}
	if err := st.Scrub(context.Background()); err != nil {
		t.Fatal(err)
	}
	if found := filesWith(t, dir, addr); len(found) != 0 {
		t.Fatalf("after Scrub, %v still hold the erased address", found)
	}
	if fi, err := os.Stat(filepath.Join(dir, sqlite.FileName+"-wal")); err == nil && fi.Size() != 0 {
		t.Fatalf("the write-ahead log keeps %d bytes", fi.Size())
	}
}

// TestScrubWaitsForReads: a read holding a snapshot from before the
// erasure makes Scrub give up with an error, within a bound, without
// undoing anything; once the read ends, Scrub succeeds.
func TestScrubWaitsForReads(t *testing.T) {
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), sqlite.Options{DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	ctx := context.Background()
	reader, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dir, sqlite.FileName)))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	tx, err := reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM signups").Scan(&n); err != nil {
		t.Fatal(err)
	}
	const addr = "held.snapshot@example.org"
	scrubFixture(t, st, addr)
	start := time.Now()
	if err := st.Scrub(ctx); err == nil {
		t.Fatal("Scrub succeeded while a read held an older snapshot")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Scrub held on for %v", d)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := st.Scrub(ctx); err != nil {
		t.Fatal(err)
	}
	if found := filesWith(t, dir, addr); len(found) != 0 {
		t.Fatalf("after Scrub, %v still hold the erased address", found)
	}
}
