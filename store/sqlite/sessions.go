package sqlite

import (
	"context"
	"errors"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/agora-events/agora/models"
)

// InsertSession stores a new staff session, keyed by its token's hash. A
// session of an unknown user is not_found (the table references users,
// and deleting a user deletes its sessions); a taken hash is conflict.
func (s *Store) InsertSession(ctx context.Context, sess *models.Session) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, expires_at, created_at)
		VALUES (?, ?, ?, ?)`, sess.TokenHash, sess.UserID, ms(sess.ExpiresAt), ms(sess.CreatedAt))
	return tokenInsertError(err, "session", sess.UserID)
}

// SessionByHash finds a session by its token's hash; an unknown hash is
// not_found. Expiry is the caller's to check: the store keeps expired
// sessions until DeleteExpiredSessions removes them.
func (s *Store) SessionByHash(ctx context.Context, hash string) (*models.Session, error) {
	var (
		sess             models.Session
		expires, created int64
	)
	err := s.reader(ctx).QueryRowContext(ctx, `SELECT token_hash, user_id, expires_at, created_at FROM sessions
		WHERE token_hash = ?`, hash).Scan(&sess.TokenHash, &sess.UserID, &expires, &created)
	if err != nil {
		return nil, notFound(err, "session")
	}
	sess.ExpiresAt, sess.CreatedAt = fromMS(expires), fromMS(created)
	return &sess, nil
}

// DeleteSession removes a session; removing a missing one is not an
// error, so logging out twice is harmless.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.writer(ctx).ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
	return err
}

// DeleteSessionsOfUser revokes every session of a user at once.
func (s *Store) DeleteSessionsOfUser(ctx context.Context, userID string) error {
	_, err := s.writer(ctx).ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// DeleteExpiredSessions removes the sessions that expired before now
// (through sessions_by_expiry) and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	return s.execCount(ctx, `DELETE FROM sessions WHERE expires_at < ?`, ms(now))
}

// tokenInsertError maps the failures of inserting a session or an
// invitation to models codes.
func tokenInsertError(err error, what, userID string) error {
	var se *sqlite.Error
	switch {
	case err == nil:
		return nil
	case isUnique(err, ""):
		return models.Errorf(models.ErrConflict, "%s exists", what)
	case errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return models.Errorf(models.ErrNotFound, "user %s not found", userID)
	}
	return err
}
