// Package mongotest gives each test a fresh database: on a real MongoDB
// when MONGODB_TEST_URI is set, otherwise on one embedded FerretDB shared by
// the whole test binary (starting FerretDB costs more than a database).
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	store "github.com/agora-events/agora/store/mongo"
)

var (
	serverOnce sync.Once
	serverURI  string
	serverErr  error
)

// URI returns the address of the test server, starting the embedded one on
// first use.
func URI(tb testing.TB) string {
	tb.Helper()
	if uri := os.Getenv("MONGODB_TEST_URI"); uri != "" {
		return uri
	}
	serverOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agora-store-test-")
		if err != nil {
			serverErr = err
			return
		}
		e, err := store.StartEmbedded(dir, Logger())
		if err != nil {
			serverErr = err
			return
		}
		serverURI = e.URI()
	})
	if serverErr != nil {
		tb.Fatalf("storetest: embedded store: %v", serverErr)
	}
	return serverURI
}

// NewDatabaseName returns a database name no other test uses.
func NewDatabaseName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "test_" + hex.EncodeToString(b)
}

// New returns a Store on a fresh database, dropped when the test ends.
func New(tb testing.TB) *store.Store {
	tb.Helper()
	uri := URI(tb)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := store.Connect(ctx, uri, NewDatabaseName(), Logger())
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = s.Drop(ctx)
		_ = s.Close(ctx)
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
