package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// colReminderRuns records, per activity id, that all its reminders are
// queued. It is a collection of its own, not a field of the activity:
// on FerretDB any update of the activity document outside the activity's
// lock could overwrite a concurrent seat change.
const colReminderRuns = "reminder_runs"

// ActivitiesDueForReminders returns published activities starting in
// (now, now+before] whose reminders have not all been queued yet.
func (s *Store) ActivitiesDueForReminders(ctx context.Context, now time.Time, before time.Duration) ([]models.Activity, error) {
	cur, err := s.col(colActivities).Find(ctx, bson.D{
		{Key: "status", Value: models.StatusPublished},
		{Key: "starts_at", Value: bson.D{{Key: "$gt", Value: now}, {Key: "$lte", Value: now.Add(before)}}},
	}, options.Find().SetSort(bson.D{{Key: "starts_at", Value: 1}}).
		SetProjection(bson.D{{Key: "seat_holders", Value: 0}}))
	if err != nil {
		return nil, err
	}
	var due []models.Activity
	if err := cur.All(ctx, &due); err != nil {
		return nil, err
	}
	if len(due) == 0 {
		return nil, nil
	}
	ids := make([]string, len(due))
	for i, a := range due {
		ids[i] = a.ID
	}
	cur, err = s.col(colReminderRuns).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return nil, err
	}
	var runs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &runs); err != nil {
		return nil, err
	}
	done := make(map[string]bool, len(runs))
	for _, r := range runs {
		done[r.ID] = true
	}
	out := due[:0]
	for _, a := range due {
		if !done[a.ID] {
			out = append(out, a)
		}
	}
	return out, nil
}

// SetRemindersQueued records that every reminder of an activity is in the
// outbox, so later scheduler runs skip it. A run that dies before this
// write is repeated; the outbox's dedup keys keep each reminder single.
func (s *Store) SetRemindersQueued(ctx context.Context, activityID string, now time.Time) error {
	_, err := s.col(colReminderRuns).InsertOne(ctx, bson.D{{Key: "_id", Value: activityID}, {Key: "queued_at", Value: now}})
	if isDuplicate(err) {
		return nil
	}
	return err
}
