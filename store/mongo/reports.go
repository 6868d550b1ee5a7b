package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Reports count from what erasure keeps: an activity's kind, a signup's
// activity, status and party size. Every figure is one $group with ONE
// accumulator (FerretDB v1 answers a second accumulator wrongly, see
// TestGapGroupWithTwoAccumulators), grouped by a single field.

// reportActivity is what a report needs of an activity.
type reportActivity struct {
	ID       string    `bson:"_id"`
	Kind     string    `bson:"kind"`
	Timezone string    `bson:"timezone"`
	StartsAt time.Time `bson:"starts_at"`
}

// held are the statuses whose party members count as people.
var held = []string{models.SignupConfirmed, models.SignupAttended, models.SignupNoShow}

// AttendanceByActivity returns the attendance figures of each published
// activity q selects: one scan of the activities in the window, then one
// grouped count per figure over the signups' index.
func (s *Store) AttendanceByActivity(ctx context.Context, q store.ReportQuery) ([]store.ActivityFigures, error) {
	acts, err := s.reportActivities(ctx, q.OrganisationID, q.From, q.To)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(acts))
	for i, act := range acts {
		ids[i] = act.ID
	}
	decided := models.DecidedStatuses()
	sums := make([]map[string]int, 4)
	for i, f := range []struct {
		statuses []string
		party    bool
	}{{decided, false}, {held, true}, {[]string{models.SignupAttended}, true}, {[]string{models.SignupNoShow}, true}} {
		if sums[i], err = s.sumSignups(ctx, ids, f.statuses, f.party); err != nil {
			return nil, err
		}
	}
	out := make([]store.ActivityFigures, len(acts))
	for i, act := range acts {
		out[i] = store.ActivityFigures{ID: act.ID, Kind: act.Kind, Timezone: act.Timezone, StartsAt: act.StartsAt.UTC(),
			KindFigures: store.KindFigures{Activities: 1, Signups: sums[0][act.ID], People: sums[1][act.ID],
				Attended: sums[2][act.ID], NoShow: sums[3][act.ID]}}
	}
	return out, nil
}

// UniquePeople counts the distinct person keys of the seat-holding
// signups of the activities q selects: the distinct keys of each batch of
// activities, through the signups' activity index, united here.
func (s *Store) UniquePeople(ctx context.Context, q store.ReportQuery) (int, error) {
	acts, err := s.reportActivities(ctx, q.OrganisationID, q.From, q.To)
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	for start := 0; start < len(acts); start += reportBatch {
		ids := make([]string, 0, reportBatch)
		for _, act := range acts[start:min(start+reportBatch, len(acts))] {
			ids = append(ids, act.ID)
		}
		// One $group by key rather than distinct, whose answer FerretDB v1
		// encodes in a way the driver cannot decode.
		cur, err := s.col(colSignups).Aggregate(ctx, mongo.Pipeline{
			{{Key: "$match", Value: bson.D{
				{Key: "activity_id", Value: bson.D{{Key: "$in", Value: ids}}},
				{Key: "status", Value: bson.D{{Key: "$in", Value: held}}},
				{Key: "person_key", Value: bson.D{{Key: "$gt", Value: ""}}},
			}}},
			{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$person_key"}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}},
		})
		if err != nil {
			return 0, err
		}
		var keys []struct {
			Key string `bson:"_id"`
		}
		if err := cur.All(ctx, &keys); err != nil {
			return 0, err
		}
		for _, k := range keys {
			seen[k.Key] = true
		}
	}
	return len(seen), nil
}

// reportActivities returns the published activities starting between
// from and to (inclusive; nil is unbounded), of one organisation or, with
// orgID "", of all.
func (s *Store) reportActivities(ctx context.Context, orgID string, from, to *time.Time) ([]reportActivity, error) {
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
		options.Find().SetProjection(bson.D{{Key: "kind", Value: 1}, {Key: "timezone", Value: 1}, {Key: "starts_at", Value: 1}}).SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := []reportActivity{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// reportBatch bounds the activity ids of one $in.
const reportBatch = 500

// sumSignups returns, for each of the activities, the number of its
// signups in one of statuses (party false) or the sum of their party
// sizes (party true). Activities without such signups are absent.
func (s *Store) sumSignups(ctx context.Context, activityIDs, statuses []string, party bool) (map[string]int, error) {
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
