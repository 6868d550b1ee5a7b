package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// InsertMessage stores a new organiser message.
func (s *Store) InsertMessage(ctx context.Context, m *models.Message) error {
	_, err := s.col(colMessages).InsertOne(ctx, m)
	return err
}

// MessageByID returns one organiser message.
func (s *Store) MessageByID(ctx context.Context, id string) (*models.Message, error) {
	var m models.Message
	if err := s.col(colMessages).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&m); err != nil {
		return nil, notFoundOr(err, "message")
	}
	return &m, nil
}

// SetMessageQueued records that every recipient's email of a message is in
// the outbox, and how many recipients there are.
func (s *Store) SetMessageQueued(ctx context.Context, id string, recipients int) error {
	_, err := s.col(colMessages).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: models.MessageQueued}, {Key: "recipients", Value: recipients}}}})
	return err
}

// MessagesQueuing returns messages still being queued that were created
// before the given time: their queuing was interrupted (the process died)
// and must be resumed.
func (s *Store) MessagesQueuing(ctx context.Context, before time.Time) ([]models.Message, error) {
	cur, err := s.col(colMessages).Find(ctx, bson.D{{Key: "status", Value: models.MessageQueuing},
		{Key: "created_at", Value: bson.D{{Key: "$lt", Value: before}}}}, options.Find().SetLimit(100))
	if err != nil {
		return nil, err
	}
	out := []models.Message{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// EachSignupBatch streams the signups of an activity in the given statuses,
// in signup order, calling fn with batches of at most size signups. Only one
// batch is held in memory, however many signups there are. Signups whose
// personal data was erased are left out: there is no one to write to.
func (s *Store) EachSignupBatch(ctx context.Context, activityID string, statuses []string, size int, fn func([]models.Signup) error) error {
	cur, err := s.col(colSignups).Find(ctx, bson.D{{Key: "activity_id", Value: activityID},
		{Key: "status", Value: bson.D{{Key: "$in", Value: statuses}}}},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}).
			SetBatchSize(int32(size)).
			SetProjection(bson.D{{Key: "answers", Value: 0}}))
	if err != nil {
		return err
	}
	defer cur.Close(context.WithoutCancel(ctx))
	batch := make([]models.Signup, 0, size)
	for cur.Next(ctx) {
		var su models.Signup
		if err := cur.Decode(&su); err != nil {
			return err
		}
		if su.Email == "" || su.ErasedAt != nil {
			continue
		}
		batch = append(batch, su)
		if len(batch) == size {
			if err := fn(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := cur.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}
