package mongo_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	mongostore "github.com/agora-events/agora/store/mongo"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/mongo/mongotest"
)

// TestOpenEmbeddedSurvivesRestart opens the embedded store twice on the
// same DATA_DIR, as two starts of the service do: the second start must
// find the data of the first and re-create its indexes without error.
func TestOpenEmbeddedSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	open := func() *mongostore.Store {
		t.Helper()
		s, err := mongostore.OpenLegacyEmbedded(ctx, mongostore.Options{Database: "agora", DataDir: dir, Logger: mongotest.Logger()})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		if !s.SingleProcess() {
			t.Fatal("no URI must mean the embedded store")
		}
		return s
	}
	s := open()
	u := &models.User{ID: models.NewID(), Email: "Librarian@Example.org", Name: "Librarian",
		Role: models.RoleOrganiser, CreatedAt: time.Now().UTC()}
	if err := s.InsertUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "db")); err != nil {
		t.Fatalf("no files under DATA_DIR/db: %v", err)
	}

	s = open()
	defer s.Close(ctx)
	got, err := s.UserByEmail(ctx, "librarian@example.org")
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if got.ID != u.ID || got.Name != "Librarian" {
		t.Fatalf("after restart: %+v, want %+v", got, u)
	}
	t.Run("ErrConflictStillEnforced", func(t *testing.T) {
		dup := &models.User{ID: models.NewID(), Email: "librarian@example.org", Role: models.RoleOrganiser}
		if err := s.InsertUser(ctx, dup); !models.IsCode(err, models.ErrConflict) {
			t.Fatalf("duplicate email after restart: got %v, want conflict", err)
		}
	})
}
