// Package sqlitetest gives each test a fresh embedded store: a new SQLite
// database in the test's own temporary directory, closed when it ends.
package sqlitetest

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/agora-events/agora/store/sqlite"
)

// New returns a Store on a fresh database, closed when the test ends.
func New(tb testing.TB) *sqlite.Store {
	tb.Helper()
	return Open(tb, tb.TempDir())
}

// Open opens the store under dir, closed when the test ends (for tests
// that reopen the same data).
func Open(tb testing.TB, dir string) *sqlite.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir, Logger: Logger()})
	if err != nil {
		tb.Fatalf("sqlitetest: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			tb.Errorf("sqlitetest: close: %v", err)
		}
	})
	return s
}

// Logger is a logger for tests: warnings and errors only, unless
// AGORA_TEST_LOG=debug.
func Logger() *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("AGORA_TEST_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
