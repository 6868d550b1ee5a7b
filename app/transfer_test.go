package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/store/mongo/mongotest"
	"github.com/agora-events/agora/store/sqlite"
	"github.com/agora-events/agora/store/transfer"
)

// openSQLite opens the embedded store of dataDir for a test, closed at
// its end unless the test closes it first.
func openSQLite(t *testing.T, dataDir string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Options{DataDir: dataDir, Logger: mongotest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func closeStore(t *testing.T, st interface{ Close(context.Context) error }) {
	t.Helper()
	if err := st.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// filledSQLite makes a DATA_DIR whose embedded store fillStore filled,
// and returns it with the fixture and what the store held.
func filledSQLite(t *testing.T) (string, transferFixture, storeView) {
	t.Helper()
	dir := t.TempDir()
	st := openSQLite(t, dir)
	f := fillStore(t, st)
	v := viewOf(t, st, f)
	closeStore(t, st)
	return dir, f, v
}

func TestTransfer(t *testing.T) {
	// A DATA_DIR made by the previous embedded store (FerretDB under
	// DATA_DIR/db) is refused at start with the command that migrates it;
	// the command moves every record into DATA_DIR/agora.db and keeps the
	// old files.
	t.Run("MigrateEmbedded", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		old, err := mongo.OpenLegacyEmbedded(ctx, mongo.Options{DataDir: dir, Database: "agora", Logger: mongotest.Logger()})
		if err != nil {
			t.Fatal(err)
		}
		f := fillStore(t, old)
		want := viewOf(t, old, f)
		closeStore(t, old)

		err = checkLegacyDataDir(dir)
		if err == nil || !strings.Contains(err.Error(), "agora migrate-embedded") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("legacy DATA_DIR: got %v, want one line naming agora migrate-embedded", err)
		}
		if _, err := runCmd(t, commandEnv(dir), "export", filepath.Join(t.TempDir(), "x")); err == nil ||
			!strings.Contains(err.Error(), "migrate-embedded") {
			t.Fatalf("export of a legacy DATA_DIR: got %v, want the refusal naming migrate-embedded", err)
		}
		out := mustCmd(t, commandEnv(dir), "migrate-embedded")
		t.Log(out)
		if err := checkLegacyDataDir(dir); err != nil {
			t.Fatalf("after the migration: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "db", "agora.sqlite")); err != nil {
			t.Fatalf("the old files must stay: %v", err)
		}
		if _, err := runCmd(t, commandEnv(dir), "migrate-embedded"); err == nil {
			t.Fatal("a second migration must be refused")
		}
		if entries, _ := filepath.Glob(filepath.Join(dir, "migrating-*")); len(entries) > 0 {
			t.Fatalf("the migration left %v behind", entries)
		}

		st := openSQLite(t, dir)
		defer closeStore(t, st)
		got := viewOf(t, st, f)
		sameView(t, got, want)
		a := got.Activities[0]
		if a.SeatsTaken != 2 || len(a.SeatHolders) != 1 || withoutQueue(a.SeatHolders)[0] != (models.SeatHolder{SignupID: f.Confirmed, Party: 2}) {
			t.Errorf("seats: taken %d, holders %+v; want 2 taken by %s", a.SeatsTaken, a.SeatHolders, f.Confirmed)
		}
		if a.WaitlistCount != 2 || a.WaitingPosition(f.Waiting1) != 1 || a.WaitingPosition(f.Waiting2) != 2 {
			t.Errorf("waiting list %+v (count %d); want %s then %s", a.WaitingList, a.WaitlistCount, f.Waiting1, f.Waiting2)
		}
		su, err := st.SignupByID(ctx, f.Confirmed)
		if err != nil || su.Status != models.SignupConfirmed || su.ManageTokenHash == "" ||
			su.ActiveKey != f.ActivityID+"|olena@example.org" || su.Answers["diet"] != true {
			t.Errorf("confirmed signup: %+v, %v", su, err)
		}
		if byHash, err := st.SignupByTokenHash(ctx, su.ManageTokenHash); err != nil || byHash.ID != su.ID {
			t.Errorf("the manage token no longer finds its signup: %v", err)
		}
		statuses := map[string]int{}
		for _, e := range got.Emails {
			statuses[e.Status]++
		}
		if statuses[models.OutboxSent] != 1 || statuses[models.OutboxFailed] != 1 || statuses[models.OutboxPending] != 1 {
			t.Errorf("emails by status: %v; want one sent, one failed, one pending", statuses)
		}
		if len(got.Due) != 1 || got.Due[0].Text == "" || got.Due[0].HTML == "" {
			t.Errorf("the pending email must keep its body: %+v", got.Due)
		}
	})

	// The previous version crashed between the steps of a cancellation,
	// leaving a cancelled signup that holds its seats: the migration
	// finishes the steps with the reconciler, as the previous version would
	// have at its next start; on SQLite nothing would look for them later.
	t.Run("MigrateEmbeddedFinishesHalfDoneSteps", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		old, err := mongo.OpenLegacyEmbedded(ctx, mongo.Options{DataDir: dir, Database: "agora", Logger: mongotest.Logger()})
		if err != nil {
			t.Fatal(err)
		}
		f := fillStore(t, old)
		if ok, err := old.CancelSignup(ctx, f.Confirmed, models.CancelledByAttendee, time.Now().UTC()); !ok || err != nil {
			t.Fatalf("cancel: %v, %v", ok, err)
		}
		closeStore(t, old)
		mustCmd(t, commandEnv(dir), "migrate-embedded")

		st := openSQLite(t, dir)
		defer closeStore(t, st)
		a, err := st.ActivityByID(ctx, f.ActivityID)
		if err != nil {
			t.Fatal(err)
		}
		want := []models.SeatHolder{{SignupID: f.Waiting1, Party: 1}, {SignupID: f.Waiting2, Party: 1}}
		if a.SeatsTaken != 2 || len(a.WaitingList) != 0 || !slices.Equal(withoutQueue(a.SeatHolders), want) {
			t.Errorf("seats: %d taken by %+v, waiting %+v; want the cancelled party's seats given to %+v",
				a.SeatsTaken, a.SeatHolders, a.WaitingList, want)
		}
		for _, id := range []string{f.Waiting1, f.Waiting2} {
			if su, err := st.SignupByID(ctx, id); err != nil || su.Status != models.SignupConfirmed {
				t.Errorf("promoted signup %s: %+v, %v", id, su, err)
			}
			if _, err := st.OutboxByDedupKey(ctx, notifications.KindPromoted+":"+id); err != nil {
				t.Errorf("no promotion email for %s: %v", id, err)
			}
		}
	})

	// Export, import into a new embedded store, export again: the same
	// bytes, and the same store as the store's own methods read it.
	t.Run("SQLiteRoundTrip", func(t *testing.T) {
		src, f, want := filledSQLite(t)
		first := filepath.Join(t.TempDir(), "export")
		out := mustCmd(t, commandEnv(src), "export", first)
		if !strings.Contains(out, "signups: 3") || !strings.Contains(out, "outbox: 3") || !strings.Contains(out, "certificates: 2") ||
			!strings.Contains(out, "series_signups: 1") {
			t.Errorf("export says %q", out)
		}
		dst := t.TempDir()
		mustCmd(t, commandEnv(dst), "import", first)
		second := filepath.Join(t.TempDir(), "export")
		mustCmd(t, commandEnv(dst), "export", second)
		sameFiles(t, first, second)

		st := openSQLite(t, dst)
		defer closeStore(t, st)
		sameView(t, viewOf(t, st, f), want)
	})

	// SQLite to MongoDB, the way of a library that outgrows one machine:
	// MongoDB exports the same bytes.
	t.Run("SQLiteToMongoDB", func(t *testing.T) {
		src, f, want := filledSQLite(t)
		first := filepath.Join(t.TempDir(), "export")
		mustCmd(t, commandEnv(src), "export", first)
		db := mongotest.New(t)
		mongoEnv := commandEnv(t.TempDir(), "MONGODB_URI", mongotest.URI(t), "MONGODB_DATABASE", db.DB().Name())
		mustCmd(t, mongoEnv, "import", first)
		second := filepath.Join(t.TempDir(), "export")
		mustCmd(t, mongoEnv, "export", second)
		sameFiles(t, first, second)
		got := viewOf(t, db, f)
		if len(got.Certificates) != 2 || got.Certificates[1].RevokedAt == nil && got.Certificates[0].RevokedAt == nil {
			t.Errorf("on MongoDB: certificates %+v; want two, one revoked", got.Certificates)
		}
		if a := got.Activities[0]; a.SeatsTaken != 2 || a.WaitlistCount != 2 {
			t.Errorf("on MongoDB: %d seats taken, %d waiting; want 2 and 2", a.SeatsTaken, a.WaitlistCount)
		}
		sameView(t, got, want)
	})

	// An import into a store that holds anything is refused, and changes
	// nothing: on SQLite and on MongoDB.
	t.Run("ImportRefusesNonEmpty", func(t *testing.T) {
		src, _, _ := filledSQLite(t)
		export := filepath.Join(t.TempDir(), "export")
		mustCmd(t, commandEnv(src), "export", export)
		one := &models.Organisation{ID: models.NewID(), Name: "Other", Slug: "other", Country: "LV",
			Timezone: "Europe/Riga", DefaultLanguage: "lv", CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}

		dst := t.TempDir()
		st := openSQLite(t, dst)
		if err := st.InsertOrganisation(context.Background(), one); err != nil {
			t.Fatal(err)
		}
		closeStore(t, st)
		db := mongotest.New(t)
		if err := db.InsertOrganisation(context.Background(), one); err != nil {
			t.Fatal(err)
		}
		for name, env := range map[string]func(string) string{
			"SQLite":  commandEnv(dst),
			"MongoDB": commandEnv(t.TempDir(), "MONGODB_URI", mongotest.URI(t), "MONGODB_DATABASE", db.DB().Name()),
		} {
			before := filepath.Join(t.TempDir(), "before")
			mustCmd(t, env, "export", before)
			_, err := runCmd(t, env, "import", export)
			if err == nil || !strings.Contains(err.Error(), transfer.ErrNotEmpty.Error()) {
				t.Errorf("%s: import into a store with an organisation: got %v, want %q", name, err, transfer.ErrNotEmpty)
			}
			after := filepath.Join(t.TempDir(), "after")
			mustCmd(t, env, "export", after)
			sameFiles(t, before, after)
		}
	})

	// An export imported under another secret key is imported with a
	// warning (only day-old retries depend on the key); a damaged one is
	// refused whole.
	t.Run("ImportWarnsOfWrongKeyRefusesDamage", func(t *testing.T) {
		src, _, _ := filledSQLite(t)
		export := filepath.Join(t.TempDir(), "export")
		mustCmd(t, commandEnv(src), "export", export)

		other := commandEnv(t.TempDir(), "SECRET_KEY", strings.Repeat("x", 40))
		if out, err := runCmd(t, other, "import", export); err != nil || !strings.Contains(out, "another secret key") {
			t.Errorf("import with another secret key: %v, output %q; want a warning", err, out)
		}

		path := filepath.Join(export, transfer.Signups+".jsonl")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), "Olena", "Oleno", 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		dst := t.TempDir()
		_, err = runCmd(t, commandEnv(dst), "import", export)
		if err == nil || !strings.Contains(err.Error(), "SHA-256") {
			t.Errorf("import of a changed file: got %v, want the SHA-256 refusal", err)
		}
		st := openSQLite(t, dst)
		defer closeStore(t, st)
		if n, err := st.CountOrganisations(context.Background()); n != 0 || err != nil {
			t.Errorf("a refused import wrote %d organisations (%v)", n, err)
		}
	})
}

// withoutQueue is hs without their queue keys (signup times, which the
// fixtures do not choose).
func withoutQueue(hs []models.SeatHolder) []models.SeatHolder {
	out := make([]models.SeatHolder, len(hs))
	for i, h := range hs {
		out[i] = models.SeatHolder{SignupID: h.SignupID, Party: h.Party}
	}
	return out
}
