package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// resolve fills an email record's status, attempts and last error from
// where the email is now: sent, failed, or due.
func (s *Store) resolve(ctx context.Context, e *models.OutboxEmail) error {
	var o outboxOutcome
	err := s.col(colOutboxSent).FindOne(ctx, byID(e.ID)).Decode(&o)
	if err == nil {
		at := o.At
		e.Status, e.Attempts, e.LastError, e.SentAt, e.UpdatedAt = models.OutboxSent, o.Attempts, "", &at, o.At
		return nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return err
	}
	var d outboxDue
	err = s.col(colOutboxDue).FindOne(ctx, byID(e.ID)).Decode(&d)
	if err == nil {
		e.Status, e.Attempts, e.LastError, e.NextAttemptAt, e.UpdatedAt = d.Status, d.Attempts, d.LastError, d.NextAttemptAt, d.UpdatedAt
		return nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return err
	}
	err = s.col(colOutboxFailed).FindOne(ctx, byID(e.ID)).Decode(&o)
	if err == nil {
		e.Status, e.Attempts, e.LastError, e.UpdatedAt = models.OutboxFailed, o.Attempts, o.LastError, o.At
		return nil
	}
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil // being queued
	}
	return err
}

// OutboxByID returns one email's record (without its body).
func (s *Store) OutboxByID(ctx context.Context, id string) (*models.OutboxEmail, error) {
	var e models.OutboxEmail
	if err := s.col(colOutbox).FindOne(ctx, byID(id)).Decode(&e); err != nil {
		return nil, notFoundOr(err, "email")
	}
	return &e, s.resolve(ctx, &e)
}

// OutboxByDedupKey returns the record of the email queued under key.
func (s *Store) OutboxByDedupKey(ctx context.Context, key string) (*models.OutboxEmail, error) {
	var e models.OutboxEmail
	if err := s.col(colOutbox).FindOne(ctx, bson.D{{Key: "dedup_key", Value: key}}).Decode(&e); err != nil {
		return nil, notFoundOr(err, "email")
	}
	return &e, s.resolve(ctx, &e)
}

// ListOutbox returns one page of emails, newest first.
func (s *Store) ListOutbox(ctx context.Context, f store.OutboxFilter) ([]models.OutboxEmail, error) {
	col, filter := colOutbox, bson.D{}
	switch f.Status {
	case models.OutboxSent:
		col = colOutboxSent
	case models.OutboxFailed:
		col = colOutboxFailed
	case models.OutboxPending, models.OutboxSending:
		col = colOutboxDue
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	if f.OrganisationID != "" {
		filter = append(filter, bson.E{Key: "organisation_id", Value: f.OrganisationID})
	}
	if f.After != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: f.After}}})
	}
	cur, err := s.col(col).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).
		SetLimit(int64(f.Limit)).SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return nil, err
	}
	out := make([]models.OutboxEmail, 0, len(ids))
	for _, x := range ids {
		e, err := s.OutboxByID(ctx, x.ID)
		if models.IsCode(err, models.ErrNotFound) {
			continue // still being queued
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, nil
}

// RetryOutbox makes a failed email due now, with a fresh count of
// attempts. It reports false when the email was not failed.
func (s *Store) RetryOutbox(ctx context.Context, id string, now time.Time) (bool, error) {
	err := s.col(colOutboxFailed).FindOne(ctx, byID(id), options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var rec models.OutboxEmail
	if err := s.col(colOutbox).FindOne(ctx, byID(id)).Decode(&rec); err != nil {
		return false, notFoundOr(err, "email")
	}
	// Due again from now, but still the email created when it was queued:
	// a claim must not report the retry as its creation.
	due := newDue(&rec, now, now)
	due.CreatedAt = rec.CreatedAt
	if _, err := s.col(colOutboxDue).InsertOne(ctx, due); err != nil && !isDuplicate(err) {
		return false, err
	}
	_, err = s.col(colOutboxFailed).DeleteOne(ctx, byID(id))
	return err == nil, err
}

// CountOutboxByMessage counts an organiser message's emails by status.
func (s *Store) CountOutboxByMessage(ctx context.Context, messageID string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, c := range []struct{ col, status string }{{colOutboxSent, models.OutboxSent}, {colOutboxFailed, models.OutboxFailed}} {
		n, err := s.col(c.col).CountDocuments(ctx, bson.D{{Key: "message_id", Value: messageID}})
		if err != nil {
			return nil, err
		}
		out[c.status] = n
	}
	for _, st := range []string{models.OutboxPending, models.OutboxSending} {
		n, err := s.col(colOutboxDue).CountDocuments(ctx, bson.D{{Key: "message_id", Value: messageID}, {Key: "status", Value: st}})
		if err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, nil
}
