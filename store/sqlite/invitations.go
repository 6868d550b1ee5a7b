package sqlite

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// InsertInvitation stores a new set-password link, keyed by its token's
// hash. A link of an unknown user is not_found; a taken hash is conflict.
func (s *Store) InsertInvitation(ctx context.Context, inv *models.Invitation) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO invitations (token_hash, user_id, expires_at, created_at)
		VALUES (?, ?, ?, ?)`, inv.TokenHash, inv.UserID, ms(inv.ExpiresAt), ms(inv.CreatedAt))
	return tokenInsertError(err, "invitation", inv.UserID)
}

// InvitationByHash finds a set-password link by its token's hash; an
// unknown one is not_found. Expiry is the caller's to check.
func (s *Store) InvitationByHash(ctx context.Context, hash string) (*models.Invitation, error) {
	var (
		inv              models.Invitation
		expires, created int64
	)
	err := s.reader(ctx).QueryRowContext(ctx, `SELECT token_hash, user_id, expires_at, created_at FROM invitations
		WHERE token_hash = ?`, hash).Scan(&inv.TokenHash, &inv.UserID, &expires, &created)
	if err != nil {
		return nil, notFound(err, "invitation")
	}
	inv.ExpiresAt, inv.CreatedAt = fromMS(expires), fromMS(created)
	return &inv, nil
}

// DeleteInvitationsOfUser removes every set-password link of a user, so
// that a used, replaced or revoked link stops working.
func (s *Store) DeleteInvitationsOfUser(ctx context.Context, userID string) error {
	_, err := s.writer(ctx).ExecContext(ctx, `DELETE FROM invitations WHERE user_id = ?`, userID)
	return err
}

// DeleteExpiredInvitations removes the links that expired before now and
// returns how many.
func (s *Store) DeleteExpiredInvitations(ctx context.Context, now time.Time) (int64, error) {
	return s.execCount(ctx, `DELETE FROM invitations WHERE expires_at < ?`, ms(now))
}
