package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
)

// InsertSession stores a new staff session (keyed by the token's hash).
func (s *Store) InsertSession(ctx context.Context, sess *models.Session) error {
	_, err := s.col(colSessions).InsertOne(ctx, sess)
	return err
}

// SessionByHash finds a session by its token hash; an unknown hash is
// not_found. Expiry is the caller's to check: the store keeps expired
// sessions until DeleteExpiredSessions removes them.
func (s *Store) SessionByHash(ctx context.Context, hash string) (*models.Session, error) {
	var sess models.Session
	if err := s.col(colSessions).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&sess); err != nil {
		return nil, notFoundOr(err, "session")
	}
	return &sess, nil
}

// DeleteSession removes a session; removing a missing one is not an error,
// so logging out twice is harmless.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.col(colSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: hash}})
	return err
}

// DeleteExpiredSessions removes sessions that expired before now. FerretDB
// has no TTL indexes, so housekeeping calls this.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.col(colSessions).DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lt", Value: now}}}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}
