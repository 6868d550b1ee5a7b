package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
)

// colInvitations holds the set-password links of staff accounts.
const colInvitations = "invitations"

// InsertInvitation stores a new set-password link.
func (s *Store) InsertInvitation(ctx context.Context, inv *models.Invitation) error {
	_, err := s.col(colInvitations).InsertOne(ctx, inv)
	return err
}

// InvitationByHash finds a set-password link by its token's hash; an
// unknown one is not_found. Expiry is the caller's to check.
func (s *Store) InvitationByHash(ctx context.Context, hash string) (*models.Invitation, error) {
	var inv models.Invitation
	if err := s.col(colInvitations).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&inv); err != nil {
		return nil, notFoundOr(err, "invitation")
	}
	return &inv, nil
}

// DeleteInvitationsOfUser removes every set-password link of a user, so
// that a used, replaced or revoked link stops working.
func (s *Store) DeleteInvitationsOfUser(ctx context.Context, userID string) error {
	_, err := s.col(colInvitations).DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}})
	return err
}

// DeleteExpiredInvitations removes links that expired before now.
func (s *Store) DeleteExpiredInvitations(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.col(colInvitations).DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lt", Value: now}}}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// SetUserPassword stores a new password hash for a user.
func (s *Store) SetUserPassword(ctx context.Context, userID, hash string) error {
	return s.setUser(ctx, userID, bson.D{{Key: "password_hash", Value: hash}})
}

// SetUserRole changes a user's role.
func (s *Store) SetUserRole(ctx context.Context, userID string, role models.Role) error {
	return s.setUser(ctx, userID, bson.D{{Key: "role", Value: role}})
}

// SetUserDisabled turns a user's account off (no login, no session) or
// back on.
func (s *Store) SetUserDisabled(ctx context.Context, userID string, disabled bool) error {
	return s.setUser(ctx, userID, bson.D{{Key: "disabled", Value: disabled}})
}

func (s *Store) setUser(ctx context.Context, userID string, set bson.D) error {
	res, err := s.col(colUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return err
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ErrNotFound, "user %s not found", userID)
	}
	return nil
}

// DeleteSessionsOfUser revokes every session of a user at once.
func (s *Store) DeleteSessionsOfUser(ctx context.Context, userID string) error {
	_, err := s.col(colSessions).DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}})
	return err
}
