// Package sqlite is the embedded store: SQLite under DATA_DIR through
// modernc.org/sqlite (pure Go, no cgo), so that `go run ./app` needs no
// database server. It keeps real tables with the columns that queries
// filter and sort on, real indexes, and transactions: every multi-row step
// commits all or nothing (Atomic), so capacity, the waiting list, a
// signup's status and its email can never disagree, even after a crash.
//
// One process owns a data directory (a lock file refuses a second one).
// Writes go through one connection, which is SQLite's own rule (one writer
// at a time) made explicit: a transaction begun with BEGIN IMMEDIATE holds
// it, so seat decisions are serialised without any lock of ours. Reads use
// a pool of their own and see the last committed state (WAL).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/agora-events/agora/models"
)

// Store is the embedded store. It is safe for concurrent use.
type Store struct {
	write  *sql.DB // one connection: every write, every transaction
	read   *sql.DB // several read-only connections
	lock   *dirLock
	path   string
	logger *slog.Logger
	closed atomic.Bool
}

// Options says where the store lives.
type Options struct {
	// DataDir holds the database file (DataDir/agora.db) and its lock.
	DataDir string
	Logger  *slog.Logger
}

// FileName is the database file under the data directory.
const FileName = "agora.db"

// Open opens (creating when missing) the store under opts.DataDir, takes
// the directory's lock, and brings the schema to the current version.
func Open(ctx context.Context, opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", opts.DataDir, err)
	}
	lock, err := lockDir(opts.DataDir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(opts.DataDir, FileName)
	s, err := openFile(ctx, path, logger)
	if err != nil {
		lock.release()
		return nil, err
	}
	s.lock = lock
	return s, nil
}

// openFile opens the database file without taking the directory lock.
func openFile(ctx context.Context, path string, logger *slog.Logger) (*Store, error) {
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	s := &Store{write: write, path: path, logger: logger}
	if err := s.migrate(ctx); err != nil {
		_ = write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0)*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(0)
	read.SetConnMaxLifetime(0)
	s.read = read
	return s, nil
}

// busyTimeoutMS is how long a statement waits for a lock (another
// connection's write, a checkpoint) before it fails with SQLITE_BUSY.
const busyTimeoutMS = 10000

// dsn is the connection string: WAL so that readers never block the
// writer; synchronous FULL so that a committed signup survives a power
// cut, not only a crash of the process; secure_delete so that erased
// personal data does not linger in free space (Scrub clears the log);
// foreign keys on.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")", "journal_mode(WAL)", "synchronous(FULL)",
		"foreign_keys(1)", "secure_delete(1)", "temp_store(MEMORY)", "cache_size(-8000)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// SingleProcess is true: the lock file gives the data directory to one
// process.
func (s *Store) SingleProcess() bool { return true }

// Transactional is true: Atomic commits all or nothing.
func (s *Store) Transactional() bool { return true }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close checkpoints the write-ahead log into the database file (so that
// what is left on disk is one file), closes the connections and releases
// the lock. Closing again does nothing.
func (s *Store) Close(ctx context.Context) error {
	if s.closed.Swap(true) {
		return nil
	}
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	if _, err := s.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, s.write.Close())
	if s.lock != nil {
		s.lock.release()
	}
	return errors.Join(errs...)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type txKey struct{}

// tx is the transaction of an Atomic call, carried by its context; its
// statements go through steady, like every write.
type tx struct {
	*sql.Tx
	store *Store
}

// Atomic runs fn in one transaction: the store's methods called with the
// ctx fn receives join it, and it commits when fn returns nil (rolled back
// otherwise). Calls nest: an inner Atomic joins the outer transaction.
// The transaction holds the only write connection: fn must do every store
// call through its ctx, and should not wait on anything slow.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if t, ok := ctx.Value(txKey{}).(*tx); ok && t.store == s {
		return fn(ctx)
	}
	sqlTx, err := s.write.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(context.WithValue(ctx, txKey{}, &tx{Tx: sqlTx, store: s})); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// reader is where a read goes: the transaction of ctx, if any (to see its
// own writes), else the read pool.
func (s *Store) reader(ctx context.Context) querier {
	if t, ok := ctx.Value(txKey{}).(*tx); ok && t.store == s {
		return steady{t.Tx}
	}
	return s.read
}

// writer is where a single-statement write goes: the transaction of ctx,
// if any, else the write connection (the statement commits by itself).
func (s *Store) writer(ctx context.Context) querier {
	if t, ok := ctx.Value(txKey{}).(*tx); ok && t.store == s {
		return steady{t.Tx}
	}
	return steady{s.write}
}

// inTx runs a store method's several statements in one transaction: the
// caller's, if ctx carries one, else a new one.
func (s *Store) inTx(ctx context.Context, fn func(q querier) error) error {
	return s.Atomic(ctx, func(ctx context.Context) error { return fn(s.writer(ctx)) })
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation of
// the column named as SQLite names it ("signups.active_key"); an empty
// column matches any.
func isUnique(err error, column string) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return column == "" || strings.Contains(se.Error(), column)
	}
	return false
}

// notFound maps sql.ErrNoRows to not_found.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return models.Errorf(models.ErrNotFound, "%s not found", what)
	}
	return err
}

// execCount runs a DELETE or UPDATE and returns how many rows it changed.
func (s *Store) execCount(ctx context.Context, query string, vals ...any) (int64, error) {
	res, err := s.writer(ctx).ExecContext(ctx, query, vals...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// execOne runs a conditional write of one row and reports whether it
// changed that row (false: its conditions did not hold).
func (s *Store) execOne(ctx context.Context, query string, vals ...any) (bool, error) {
	n, err := s.execCount(ctx, query, vals...)
	return n == 1, err
}
