package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// MessagesOfActivity returns up to limit organiser messages of an
// activity, newest first.
func (s *Store) MessagesOfActivity(ctx context.Context, activityID string, limit int) ([]models.Message, error) {
	cur, err := s.col(colMessages).Find(ctx, bson.D{{Key: "activity_id", Value: activityID}},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, err
	}
	out := []models.Message{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}
