package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Erased data must not be recoverable from the database's files. Every
// write zeroes the space it frees, in table pages, index pages and
// whole free pages (secure_delete, see dsn). What remains is the
// write-ahead log: it holds each page as it was written by every commit
// since the last checkpoint, erased values included, and a checkpoint
// copies the newest pages into the database file but leaves the old
// frames in the log file, to be overwritten some day. A TRUNCATE
// checkpoint also cuts the log to nothing.

// A checkpoint that must wait for reads holds the write lock meanwhile,
// so Scrub never waits inside one: each attempt gives up at once when a
// read still uses an older snapshot (busy_timeout 0), and Scrub tries
// again after a pause, in which writes and reads go on. Reads here last
// milliseconds; the attempts span about a second.
const (
	scrubAttempts = 20
	scrubPause    = 50 * time.Millisecond
)

// Scrub makes erased data unrecoverable from the database's files: it
// copies the write-ahead log into the database file and truncates it to
// zero bytes (with secure_delete, the database file then holds no old
// copy either). It must be called outside Atomic, after the erasure
// committed; the scheduler also calls it at every tick, so that nothing
// deleted or overwritten (an email's body once sent, with its manage
// link) stays in the log for longer. Reads that keep using older
// snapshots for the whole second it tries make it fail; the log is then
// cut at the next Scrub, or at Close.
func (s *Store) Scrub(ctx context.Context) error {
	if _, ok := ctx.Value(txKey{}).(*tx); ok {
		return errors.New("store: Scrub inside Atomic")
	}
	var err error
	for attempt := 0; attempt < scrubAttempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(scrubPause):
			}
		}
		if err = s.checkpoint(ctx); err == nil {
			return nil
		}
	}
	return fmt.Errorf("store: scrub: %w", err)
}

// checkpoint runs one TRUNCATE checkpoint on the write connection, which
// it holds meanwhile, giving up at once if a read is in the way.
func (s *Store) checkpoint(ctx context.Context) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return err
	}
	defer func() {
		// The connection goes back to the pool: its usual patience with it.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA busy_timeout = "+strconv.Itoa(busyTimeoutMS))
	}()
	var busy, frames, copied int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied); err != nil {
		return err
	}
	if busy != 0 {
		return errors.New("a read still uses an older snapshot")
	}
	return nil
}
