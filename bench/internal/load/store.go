package load

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/agora-events/agora/registration"
	mongostore "github.com/agora-events/agora/store/mongo"
	"github.com/agora-events/agora/store/sqlite"
)

// Store is a store a bench runs on: everything the use cases need, and
// closing it.
type Store interface {
	registration.Store
	Close(ctx context.Context) error
}

// OpenStore opens what the service would run on: the MongoDB of
// MONGODB_URI when it is set (in a fresh database named after the bench,
// dropped at close), else the embedded SQLite store in a fresh temporary
// data directory (removed at close). It returns the store, a name for the
// output, and the function that closes and removes it.
func OpenStore(ctx context.Context, bench string, logger *slog.Logger) (Store, string, func(), error) {
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		st, err := mongostore.Open(ctx, mongostore.Options{URI: uri, Logger: logger,
			Database: fmt.Sprintf("bench_%s_%d", bench, time.Now().UnixNano())})
		if err != nil {
			return nil, "", nil, err
		}
		return st, "MongoDB (MONGODB_URI)", func() { _ = st.Drop(ctx); _ = st.Close(ctx) }, nil
	}
	dir, err := os.MkdirTemp("", "agora-bench-"+bench+"-")
	if err != nil {
		return nil, "", nil, err
	}
	st, err := sqlite.Open(ctx, sqlite.Options{DataDir: dir, Logger: logger})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, "", nil, err
	}
	return st, "embedded SQLite (" + dir + ")", func() { _ = st.Close(ctx); _ = os.RemoveAll(dir) }, nil
}

// Logger is the benches' logger: errors only, on stderr, so that the
// service's logging costs what it costs in production at LOG_LEVEL=error
// and stays out of the figures on stdout.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}
