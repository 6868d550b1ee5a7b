package sqlite

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// Idempotency keys are kept in the store, not in memory, so that a retry
// after a restart still gets the first answer. Expired records are
// ignored by readers (the caller compares expires_at) and removed by
// DeleteExpiredIdempotencyKeys.

// InsertIdempotencyKey records a new in-progress key. The primary key
// decides: of concurrent duplicates exactly one wins, the others are
// conflict.
func (s *Store) InsertIdempotencyKey(ctx context.Context, r *models.IdempotencyRecord) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO idempotency (key_hash, request_hash, state, resource_id,
		lease_until, status, body, content_type, created_at, expires_at) VALUES (`+placeholders(10)+`)`,
		r.KeyHash, r.RequestHash, r.State, r.ResourceID, ms(r.LeaseUntil), r.Status, blobOrNull(r.Body),
		r.ContentType, ms(r.CreatedAt), ms(r.ExpiresAt))
	if isUnique(err, "idempotency.key_hash") {
		return models.Errorf(models.ErrConflict, "idempotency key exists")
	}
	return err
}

// IdempotencyKey finds a key's record by the key's hash.
func (s *Store) IdempotencyKey(ctx context.Context, keyHash string) (*models.IdempotencyRecord, error) {
	var (
		r                       models.IdempotencyRecord
		lease, created, expires int64
		body                    []byte
	)
	err := s.reader(ctx).QueryRowContext(ctx, `SELECT key_hash, request_hash, state, resource_id, lease_until, status,
		body, content_type, created_at, expires_at FROM idempotency WHERE key_hash = ?`, keyHash).
		Scan(&r.KeyHash, &r.RequestHash, &r.State, &r.ResourceID, &lease, &r.Status, &body, &r.ContentType,
			&created, &expires)
	if err != nil {
		return nil, notFound(err, "idempotency key")
	}
	if len(body) > 0 {
		r.Body = body
	}
	r.LeaseUntil, r.CreatedAt, r.ExpiresAt = fromMS(lease), fromMS(created), fromMS(expires)
	return &r, nil
}

// TakeOverIdempotencyKey gives an in-progress record whose lease ended at
// oldLease to a new attempt, leased until newLease: one conditional UPDATE,
// so that of several retries racing for it only one is told true.
func (s *Store) TakeOverIdempotencyKey(ctx context.Context, keyHash string, oldLease, newLease time.Time) (bool, error) {
	n, err := s.execCount(ctx, `UPDATE idempotency SET lease_until = ?
		WHERE key_hash = ? AND state = ? AND lease_until = ?`,
		ms(newLease), keyHash, models.IdempotencyInProgress, ms(oldLease))
	return n == 1, err
}

// CompleteIdempotencyKey stores the answer given to the request.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, keyHash string, status int, contentType string, body []byte) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE idempotency SET state = ?, status = ?, content_type = ?, body = ?
		WHERE key_hash = ?`, models.IdempotencyDone, status, contentType, blobOrNull(body), keyHash)
	return err
}

// ReleaseIdempotencyKey ends the lease of an in-progress key at once, so
// that a retry may resume the work after a failure that stored no answer.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, keyHash string, now time.Time) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE idempotency SET lease_until = ? WHERE key_hash = ? AND state = ?`,
		ms(now), keyHash, models.IdempotencyInProgress)
	return err
}

// DeleteIdempotencyKey removes a key's record if it still expires at
// expiresAt (it has not been replaced meanwhile).
func (s *Store) DeleteIdempotencyKey(ctx context.Context, keyHash string, expiresAt time.Time) error {
	_, err := s.writer(ctx).ExecContext(ctx, `DELETE FROM idempotency WHERE key_hash = ? AND expires_at = ?`,
		keyHash, ms(expiresAt))
	return err
}

// DeleteExpiredIdempotencyKeys removes the records that expired before now
// (through idempotency_by_expiry) and returns how many.
func (s *Store) DeleteExpiredIdempotencyKeys(ctx context.Context, now time.Time) (int64, error) {
	return s.execCount(ctx, `DELETE FROM idempotency WHERE expires_at < ?`, ms(now))
}

// ReleaseAllIdempotencyLeases ends the lease of every in-progress key and
// returns how many leases changed (a lease already ending at now is not
// counted, as MongoDB counts modified documents). Only for this store,
// which one process owns, at start: every request in flight died with the
// previous process.
func (s *Store) ReleaseAllIdempotencyLeases(ctx context.Context, now time.Time) (int64, error) {
	return s.execCount(ctx, `UPDATE idempotency SET lease_until = ? WHERE state = ? AND lease_until != ?`,
		ms(now), models.IdempotencyInProgress, ms(now))
}

// blobOrNull stores bytes, an empty body as NULL (read back as nil, as
// MongoDB leaves an empty body out).
func blobOrNull(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}
