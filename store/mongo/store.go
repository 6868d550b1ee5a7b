// Package store owns persistence: the MongoDB connection (a real MongoDB
// or the embedded FerretDB), the collections and their indexes, and the
// queries the use cases need. It speaks only the portable subset of MongoDB
// that FerretDB v1 implements correctly; conformance_test.go pins down each
// behaviour the code relies on. Methods take ctx first, return models
// values, and turn driver errors into models error codes.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/agora-events/agora/models"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Collection names.
const (
	colUsers         = "users"
	colSessions      = "sessions"
	colOrganisations = "organisations"
	colActivities    = "activities"
	colSignups       = "signups"
	colOutbox        = "outbox"
	colIdempotency   = "idempotency"
	colMessages      = "messages"
	colSettings      = "settings"
)

// Store is the application's database. It is safe for concurrent use.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	embedded *Embedded // non-nil when Store started it and must stop it
	logger   *slog.Logger
}

// Options says which store to open.
type Options struct {
	URI      string // empty: start the embedded store under DataDir
	Database string
	DataDir  string
	Logger   *slog.Logger
}

// Open connects to MongoDB at opts.URI, or starts the embedded store when
// the URI is empty, and ensures every index exists.
func Open(ctx context.Context, opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	uri := opts.URI
	var emb *Embedded
	if uri == "" {
		var err error
		emb, err = StartEmbedded(opts.DataDir, logger)
		if err != nil {
			return nil, err
		}
		uri = emb.URI()
		logger.Info("store: embedded FerretDB (SQLite)", "dir", emb.Dir())
	} else {
		logger.Info("store: MongoDB", "database", opts.Database)
	}
	s, err := Connect(ctx, uri, opts.Database, logger)
	if err != nil {
		if emb != nil {
			emb.Close()
		}
		return nil, err
	}
	s.embedded = emb
	return s, nil
}

// Connect opens a Store on an already running server and ensures indexes.
// Tests use it to open a fresh database on a shared embedded server.
func Connect(ctx context.Context, uri, database string, logger *slog.Logger) (*Store, error) {
	client, err := mongo.Connect(options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(10 * time.Second).
		SetTimeout(30 * time.Second))
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	s := &Store{client: client, db: client.Database(database), logger: logger}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: ping: %w", err)
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: indexes: %w", err)
	}
	return s, nil
}

// SingleProcess reports whether this process alone uses the database: only
// when Store started its own embedded server. A MongoDB may be shared by
// several instances.
func (s *Store) SingleProcess() bool { return s.embedded != nil }

// Atomic runs fn as it is: MongoDB makes single-document updates atomic
// (every condition of a seat change is in its filter), and the use cases
// keep each sequence of such steps idempotent, finished after a crash by
// the reconciler, so no multi-document transaction (which would need a
// replica set) is used.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }

// Transactional is false: see Atomic.
func (s *Store) Transactional() bool { return false }

// Ping checks that the server answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error {
	return s.client.Ping(ctx, readpref.Primary())
}

// Close disconnects, then stops the embedded server if this Store started it.
func (s *Store) Close(ctx context.Context) error {
	err := s.client.Disconnect(ctx)
	if s.embedded != nil {
		s.embedded.Close()
	}
	return err
}

// Drop deletes the whole database. Tests use it to clean up.
func (s *Store) Drop(ctx context.Context) error { return s.db.Drop(ctx) }

// DB exposes the database to the conformance tests and benchmarks, which
// measure the engine itself. Application code uses Store's methods.
func (s *Store) DB() *mongo.Database { return s.db }

func (s *Store) col(name string) *mongo.Collection { return s.db.Collection(name) }

// isDuplicate reports whether err is a unique index violation.
func isDuplicate(err error) bool { return mongo.IsDuplicateKeyError(err) }

// notFoundOr maps "no document" to a not_found application error.
func notFoundOr(err error, what string) error {
	if errors.Is(err, mongo.ErrNoDocuments) {
		return models.Errorf(models.ErrNotFound, "%s not found", what)
	}
	return err
}
