package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// Retention erases attendees' personal data some time after their activity
// ended. What stays is anonymous: a signup keeps its status, party size,
// language and times, so counts and reports do not change. An activity
// whose attendees were all erased is marked, so that the job does not look
// at it again; the mark is a field of the activity document that no model
// carries, so that nothing copies it (a repeat copies a model).

// fieldPersonalDataErased marks an activity whose signups and emails hold
// no personal data any more.
const fieldPersonalDataErased = "personal_data_erased_at"

// ActivitiesToErase returns up to limit activities (id, organisation and
// end only) that ended before endedBefore and whose attendees' personal
// data has not been erased yet, those that ended first first.
func (s *Store) ActivitiesToErase(ctx context.Context, endedBefore time.Time, limit int) ([]models.Activity, error) {
	cur, err := s.col(colActivities).Find(ctx, bson.D{
		{Key: "ends_at", Value: bson.D{{Key: "$lt", Value: endedBefore}}},
		{Key: fieldPersonalDataErased, Value: bson.D{{Key: "$exists", Value: false}}},
	}, options.Find().SetSort(bson.D{{Key: "ends_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)).
		SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "organisation_id", Value: 1}, {Key: "ends_at", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := []models.Activity{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// MarkPersonalDataErased records that an activity's attendees hold no
// personal data any more. On FerretDB the caller holds the activity lock.
func (s *Store) MarkPersonalDataErased(ctx context.Context, activityID string, now time.Time) error {
	_, err := s.col(colActivities).UpdateOne(ctx, bson.D{{Key: "_id", Value: activityID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: fieldPersonalDataErased, Value: now}}}})
	return err
}

// UnerasedSignups returns up to limit signups of an activity, after the
// id after (empty: from the start), whose personal data is still there,
// in id order. Only what the eraser needs is read.
func (s *Store) UnerasedSignups(ctx context.Context, activityID, after string, limit int) ([]models.Signup, error) {
	filter := bson.D{
		{Key: "activity_id", Value: activityID},
		{Key: "erased_at", Value: bson.D{{Key: "$exists", Value: false}}},
	}
	if after != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$gt", Value: after}}})
	}
	return s.findSignups(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)).
		SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "activity_id", Value: 1}, {Key: "status", Value: 1},
			{Key: "created_at", Value: 1}}))
}

// OutboxScope names the emails to erase: a signup's, or every email about
// an activity (its signups' and its organiser messages').
type OutboxScope struct {
	ActivityID string
	SignupID   string
}

func (sc OutboxScope) filter() bson.D {
	if sc.SignupID != "" {
		return bson.D{{Key: "signup_id", Value: sc.SignupID}}
	}
	return bson.D{{Key: "activity_id", Value: sc.ActivityID}}
}

// EraseOutbox removes the personal data of the emails in scope: emails not
// sent yet are deleted (the person is gone, or asked to be forgotten);
// sent and failed ones keep only their status, kind and ids, so that
// message counts stay right, and lose their bodies. An email a worker is
// sending at this moment is left alone: it reports how many, and the
// caller tries again later. Running it again changes nothing.
func (s *Store) EraseOutbox(ctx context.Context, scope OutboxScope, now time.Time) (inFlight int64, err error) {
	if scope.ActivityID == "" && scope.SignupID == "" {
		return 0, fmt.Errorf("store: EraseOutbox without a scope")
	}
	cur, err := s.col(colOutbox).Find(ctx,
		append(scope.filter(), bson.E{Key: "erased_at", Value: bson.D{{Key: "$exists", Value: false}}}),
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "status", Value: 1}}))
	if err != nil {
		return 0, err
	}
	var recs []struct {
		ID     string `bson:"_id"`
		Status string `bson:"status"`
	}
	if err := cur.All(ctx, &recs); err != nil {
		return 0, err
	}
	for _, r := range recs {
		if r.Status == models.OutboxSent || r.Status == models.OutboxFailed {
			err = s.eraseOutboxRecord(ctx, r.ID, now)
		} else {
			var sending bool
			sending, err = s.deleteUnsentOutbox(ctx, r.ID, now)
			if sending {
				inFlight++
			}
		}
		if err != nil {
			return inFlight, err
		}
	}
	return inFlight, nil
}

// eraseOutboxRecord strips a sent or failed email down to its status,
// kind and ids, and deletes its body.
func (s *Store) eraseOutboxRecord(ctx context.Context, id string, now time.Time) error {
	if _, err := s.col(colOutbox).UpdateOne(ctx, byID(id), bson.D{
		{Key: "$set", Value: bson.D{
			{Key: "to", Value: ""}, {Key: "to_name", Value: ""}, {Key: "subject", Value: ""},
			{Key: "last_error", Value: ""}, {Key: "erased_at", Value: now}, {Key: "updated_at", Value: now},
		}},
		{Key: "$unset", Value: bson.D{{Key: "text", Value: ""}, {Key: "html", Value: ""}, {Key: "attachments", Value: ""}}},
	}); err != nil {
		return err
	}
	return s.dropQueued(ctx, id)
}

// deleteUnsentOutbox deletes an email that was not sent, unless a worker
// holds a live lease on it (then it reports true and changes nothing).
// The record goes first: a due document without its record is debris the
// delivery loop removes, while a record without a due document would be
// an email nobody ever sends.
func (s *Store) deleteUnsentOutbox(ctx context.Context, id string, now time.Time) (sending bool, err error) {
	var d outboxDue
	err = s.col(colOutboxDue).FindOne(ctx, byID(id)).Decode(&d)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
	case err != nil:
		return false, err
	case d.Status == models.OutboxSending && d.LeaseUntil.After(now):
		return true, nil
	}
	if _, err := s.col(colOutbox).DeleteOne(ctx, byID(id)); err != nil {
		return false, err
	}
	return false, s.dropQueued(ctx, id)
}
