package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
)

// Idempotency keys are kept in the store, not in memory, so that a retry
// reaching another instance, or the same one after a restart, still gets
// the first answer. FerretDB has no TTL indexes: expired records are
// ignored by readers and removed by DeleteExpiredIdempotencyKeys.

// InsertIdempotencyKey records a new in-progress key. A key already
// recorded is a conflict: exactly one of concurrent duplicates wins.
func (s *Store) InsertIdempotencyKey(ctx context.Context, r *models.IdempotencyRecord) error {
	_, err := s.col(colIdempotency).InsertOne(ctx, r)
	if isDuplicate(err) {
		return models.Errorf(models.ErrConflict, "idempotency key exists")
	}
	return err
}

// IdempotencyKey finds a key's record by the key's hash.
func (s *Store) IdempotencyKey(ctx context.Context, keyHash string) (*models.IdempotencyRecord, error) {
	var r models.IdempotencyRecord
	if err := s.col(colIdempotency).FindOne(ctx, bson.D{{Key: "_id", Value: keyHash}}).Decode(&r); err != nil {
		return nil, notFoundOr(err, "idempotency key")
	}
	return &r, nil
}

// TakeOverIdempotencyKey gives an in-progress record whose lease ended at
// oldLease to a new attempt, leased until newLease. Of several retries
// racing for it, only one is told true.
func (s *Store) TakeOverIdempotencyKey(ctx context.Context, keyHash string, oldLease, newLease time.Time) (bool, error) {
	res, err := s.col(colIdempotency).UpdateOne(ctx, bson.D{
		{Key: "_id", Value: keyHash},
		{Key: "state", Value: models.IdempotencyInProgress},
		{Key: "lease_until", Value: oldLease},
	}, bson.D{{Key: "$set", Value: bson.D{{Key: "lease_until", Value: newLease}}}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// CompleteIdempotencyKey stores the answer given to the request.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, keyHash string, status int, contentType string, body []byte) error {
	_, err := s.col(colIdempotency).UpdateOne(ctx, bson.D{{Key: "_id", Value: keyHash}},
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "state", Value: models.IdempotencyDone},
			{Key: "status", Value: status},
			{Key: "content_type", Value: contentType},
			{Key: "body", Value: body},
		}}})
	return err
}

// ReleaseIdempotencyKey ends the lease of an in-progress key at once, so
// that a retry may resume the work after a failure that stored no answer.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, keyHash string, now time.Time) error {
	_, err := s.col(colIdempotency).UpdateOne(ctx, bson.D{
		{Key: "_id", Value: keyHash},
		{Key: "state", Value: models.IdempotencyInProgress},
	}, bson.D{{Key: "$set", Value: bson.D{{Key: "lease_until", Value: now}}}})
	return err
}

// DeleteIdempotencyKey removes a key's record if it still expires at
// expiresAt (it has not been replaced meanwhile).
func (s *Store) DeleteIdempotencyKey(ctx context.Context, keyHash string, expiresAt time.Time) error {
	_, err := s.col(colIdempotency).DeleteOne(ctx, bson.D{{Key: "_id", Value: keyHash}, {Key: "expires_at", Value: expiresAt}})
	return err
}

// DeleteExpiredIdempotencyKeys removes the records that expired before now.
func (s *Store) DeleteExpiredIdempotencyKeys(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.col(colIdempotency).DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lt", Value: now}}}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// ReleaseAllIdempotencyLeases ends the lease of every in-progress key. Only
// for a store no other process uses (the embedded one) at start-up, when
// every in-progress request died with the previous process.
func (s *Store) ReleaseAllIdempotencyLeases(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.col(colIdempotency).UpdateMany(ctx,
		bson.D{{Key: "state", Value: models.IdempotencyInProgress}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "lease_until", Value: now}}}})
	if err != nil {
		return 0, err
	}
	return res.ModifiedCount, nil
}
