package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/agora-events/agora/models"
)

// ReplacePendingOutbox rewrites, or with e nil deletes, the email queued
// under key while no worker can hold it: its due document is pending,
// never attempted and not due at now (workers take only due emails). The
// due document decides, by one conditional write: rewritten, it is due at
// e's time, which is later than now, so no worker takes it while its body
// and record follow; deleted, nobody will send it, and its body and record
// go after it.
func (s *Store) ReplacePendingOutbox(ctx context.Context, key string, e *models.OutboxEmail, now time.Time) (bool, error) {
	var rec struct {
		ID string `bson:"_id"`
	}
	err := s.col(colOutbox).FindOne(ctx, bson.D{{Key: "dedup_key", Value: key}}).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	untouched := bson.D{{Key: "_id", Value: rec.ID}, {Key: "status", Value: models.OutboxPending},
		{Key: "attempts", Value: 0}, {Key: "next_attempt_at", Value: bson.D{{Key: "$gt", Value: now}}}}
	if e == nil {
		res, err := s.col(colOutboxDue).DeleteOne(ctx, untouched)
		if err != nil || res.DeletedCount == 0 {
			return false, err
		}
		if _, err := s.col(colOutboxBodies).DeleteOne(ctx, byID(rec.ID)); err != nil {
			return true, err
		}
		_, err = s.col(colOutbox).DeleteOne(ctx, byID(rec.ID))
		return true, err
	}
	head := bson.D{{Key: "language", Value: e.Language}, {Key: "to", Value: e.To}, {Key: "to_name", Value: e.ToName},
		{Key: "subject", Value: e.Subject}, {Key: "link_token_hash", Value: e.LinkTokenHash}, {Key: "updated_at", Value: now}}
	due := append(bson.D{{Key: "next_attempt_at", Value: e.NextAttemptAt}}, head...)
	res, err := s.col(colOutboxDue).UpdateOne(ctx, untouched, bson.D{{Key: "$set", Value: due}})
	if err != nil || res.MatchedCount == 0 {
		return false, err
	}
	body := bson.D{{Key: "text", Value: e.Text}, {Key: "html", Value: e.HTML}, {Key: "attachments", Value: e.Attachments}}
	if _, err := s.col(colOutboxBodies).UpdateOne(ctx, byID(rec.ID), bson.D{{Key: "$set", Value: body}}); err != nil {
		return true, err
	}
	rest := append(bson.D{{Key: "next_attempt_at", Value: e.NextAttemptAt}}, head...)
	_, err = s.col(colOutbox).UpdateOne(ctx, byID(rec.ID), bson.D{{Key: "$set", Value: rest}})
	return true, err
}
