package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// Reports count from what erasure keeps: an activity's kind, a signup's
// activity, status and party size. Every figure is one $group with ONE
// accumulator (FerretDB v1 answers a second accumulator wrongly, see
// TestGapGroupWithTwoAccumulators), grouped by a single field.

// ReportActivity is what a report needs of an activity.
type ReportActivity struct {
	ID   string `bson:"_id"`
	Kind string `bson:"kind"`
}

// ReportActivities returns the published activities starting between
// from and to (inclusive; nil is unbounded), of one organisation or, with
// orgID "", of all.
func (s *Store) ReportActivities(ctx context.Context, orgID string, from, to *time.Time) ([]ReportActivity, error) {
	filter := bson.D{{Key: "status", Value: models.StatusPublished}}
	if orgID != "" {
		filter = append(filter, bson.E{Key: "organisation_id", Value: orgID})
	}
	starts := bson.D{}
	if from != nil {
		starts = append(starts, bson.E{Key: "$gte", Value: *from})
	}
	if to != nil {
		starts = append(starts, bson.E{Key: "$lte", Value: *to})
	}
	if len(starts) > 0 {
		filter = append(filter, bson.E{Key: "starts_at", Value: starts})
	}
	cur, err := s.col(colActivities).Find(ctx, filter,
		options.Find().SetProjection(bson.D{{Key: "kind", Value: 1}}).SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := []ReportActivity{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// reportBatch bounds the activity ids of one $in.
const reportBatch = 500

// SumSignups returns, for each of the activities, the number of its
// signups in one of statuses (party false) or the sum of their party
// sizes (party true). Activities without such signups are absent.
func (s *Store) SumSignups(ctx context.Context, activityIDs, statuses []string, party bool) (map[string]int, error) {
	out := map[string]int{}
	var sum any = 1
	if party {
		sum = "$party_size"
	}
	for start := 0; start < len(activityIDs); start += reportBatch {
		ids := activityIDs[start:min(start+reportBatch, len(activityIDs))]
		cur, err := s.col(colSignups).Aggregate(ctx, mongo.Pipeline{
			{{Key: "$match", Value: bson.D{
				{Key: "activity_id", Value: bson.D{{Key: "$in", Value: ids}}},
				{Key: "status", Value: bson.D{{Key: "$in", Value: statuses}}},
			}}},
			{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$activity_id"}, {Key: "n", Value: bson.D{{Key: "$sum", Value: sum}}}}}},
		})
		if err != nil {
			return nil, err
		}
		var rows []struct {
			ID string `bson:"_id"`
			N  int    `bson:"n"`
		}
		if err := cur.All(ctx, &rows); err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] += r.N
		}
	}
	return out, nil
}
