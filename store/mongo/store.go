// Package mongo is the store for deployments on MongoDB 6+ (Atlas or a
// replica set), several instances sharing one database: the collections,
// their indexes, and the queries the use cases need, with MongoDB's own
// semantics — every condition of a conditional write in the filter of a
// single-document atomic update, never a check in Go. It passes the
// conformance suite in store/storetest (on a real MongoDB with
// MONGODB_TEST_URI; in CI against FerretDB v1, a MongoDB wire-protocol
// server used only by tests and by the migration of the previous embedded
// format). Methods take ctx first, return models values, and turn driver
// errors into models error codes.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/agora-events/agora/models"
	"go.mongodb.org/mongo-driver/v2/bson"
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
	colSeries        = "series"
	colSeriesSignups = "series_signups"
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
	URI      string // Open: the MongoDB to connect to
	Database string
	DataDir  string // OpenLegacyEmbedded: the DATA_DIR whose db folder it reads
	Logger   *slog.Logger
}

// Open connects to the MongoDB at opts.URI, ensures every index exists,
// and removes the manage nonces that earlier versions kept on signups:
// with the secret key, they rebuilt every manage link (see
// models.NewManageToken); the links already sent keep working.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.URI == "" {
		return nil, fmt.Errorf("store: no MongoDB URI")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s, err := Connect(ctx, opts.URI, opts.Database, opts.Logger)
	if err != nil {
		return nil, err
	}
	if err := s.removeManageNonces(ctx); err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("store: remove manage nonces: %w", err)
	}
	return s, nil
}

// nonceMarker is the settings document recording that the nonces of the
// previous manage-link scheme were removed.
const nonceMarker = "manage_nonces_removed"

// removeManageNonces deletes, once per database, the nonces the previous
// manage-link scheme kept on signups (they rebuilt links). The marker
// makes later starts skip the collection scan this needs.
func (s *Store) removeManageNonces(ctx context.Context) error {
	err := s.col(colSettings).FindOne(ctx, bson.D{{Key: "_id", Value: nonceMarker}}).Err()
	if err == nil {
		return nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return err
	}
	if _, err := s.col(colSignups).UpdateMany(ctx, bson.D{{Key: "manage_nonce", Value: bson.D{{Key: "$exists", Value: true}}}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "manage_nonce", Value: ""}}}}); err != nil {
		return err
	}
	_, err = s.col(colSettings).InsertOne(ctx, bson.D{{Key: "_id", Value: nonceMarker}})
	if isDuplicate(err) {
		return nil // another instance recorded it first
	}
	return err
}

// OpenLegacyEmbedded starts the previous embedded store (FerretDB v1 on
// SQLite files under opts.DataDir/db) in this process and connects to it:
// only to migrate a data folder of that format into the new embedded store
// (agora migrate-embedded), and in tests that make such a folder. The
// store it returns is SingleProcess and stops the server at Close.
func OpenLegacyEmbedded(ctx context.Context, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	emb, err := StartEmbedded(opts.DataDir, opts.Logger)
	if err != nil {
		return nil, err
	}
	s, err := Connect(ctx, emb.URI(), opts.Database, opts.Logger)
	if err != nil {
		emb.Close()
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
