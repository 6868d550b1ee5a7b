package sqlite_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/store/sqlite"
	"github.com/agora-events/agora/store/storetest"
)

// TestStoreConformance runs the store contract's conformance suite on a
// fresh SQLite store per case. SQLite serialises writers in transactions,
// so it must prove the concurrency invariants too.
func TestStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) registration.Store {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		st, err := sqlite.Open(ctx, sqlite.Options{DataDir: t.TempDir(),
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := st.Close(ctx); err != nil {
				t.Errorf("close: %v", err)
			}
		})
		return st
	}, storetest.Options{Concurrent: true})
}
