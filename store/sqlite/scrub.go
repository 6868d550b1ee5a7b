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

// Scrub attempts bound how long Scrub holds the write connection: a
// checkpoint waits for reads that still use an older snapshot, up to
// scrubWait per attempt, and no write runs meanwhile.
const (
	scrubAttempts = 5
	scrubWait     = 200 * time.Millisecond
	scrubPause    = 100 * time.Millisecond
)

// Scrub makes erased data unrecoverable from the database's files: it
// copies the write-ahead log into the database file and truncates it to
// zero bytes (with secure_delete, the database file then holds no old
// copy either). It must be called outside Atomic, after the erasure
// committed. A read holding an older snapshot blocks it: Scrub tries a
// few times, for about a second, then reports the failure; the log is
// then cut at the next Scrub, or at Close.
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
// it holds meanwhile, waiting for reads for at most scrubWait.
func (s *Store) checkpoint(ctx context.Context) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.Itoa(int(scrubWait.Milliseconds()))); err != nil {
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
