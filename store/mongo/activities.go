package mongo

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// InsertActivity stores a new activity.
func (s *Store) InsertActivity(ctx context.Context, a *models.Activity) error {
	if a.SeatHolders == nil {
		a.SeatHolders = []models.SeatHolder{}
	}
	_, err := s.col(colActivities).InsertOne(ctx, a)
	return err
}

// InsertActivities stores new activities (the copies of a repeat), all or
// none: without transactions, an insert that fails part way deletes what
// it inserted before reporting the failure.
func (s *Store) InsertActivities(ctx context.Context, as []models.Activity) error {
	if len(as) == 0 {
		return nil
	}
	docs := make([]any, len(as))
	for i := range as {
		if as[i].SeatHolders == nil {
			as[i].SeatHolders = []models.SeatHolder{}
		}
		docs[i] = as[i]
	}
	_, err := s.col(colActivities).InsertMany(ctx, docs)
	if err == nil {
		return nil
	}
	// An ordered insert stops at its first failed document: those before
	// it are stored. When the failure does not say which (the connection
	// broke), every id of the batch is new (a taken one would have failed
	// as a duplicate), so deleting them all deletes nothing else.
	inserted := len(as)
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && len(bwe.WriteErrors) > 0 {
		inserted = bwe.WriteErrors[0].Index
		for _, we := range bwe.WriteErrors {
			inserted = min(inserted, we.Index)
		}
	}
	if inserted > 0 {
		ids := make([]string, inserted)
		for i := range ids {
			ids[i] = as[i].ID
		}
		if _, derr := s.col(colActivities).DeleteMany(context.WithoutCancel(ctx), idIn(ids)); derr != nil {
			return errors.Join(err, fmt.Errorf("store: undo a partial insert of activities: %w", derr))
		}
	}
	if isDuplicate(err) {
		return models.Errorf(models.ErrConflict, "activity exists: %v", err)
	}
	return err
}

// ActivityByID finds an activity by id, whatever its status.
func (s *Store) ActivityByID(ctx context.Context, id string) (*models.Activity, error) {
	var a models.Activity
	if err := s.col(colActivities).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&a); err != nil {
		return nil, notFoundOr(err, "activity")
	}
	a.WaitlistCount = len(a.WaitingList)
	return &a, nil
}

// ActivitySummary is ActivityByID: the activity document carries its
// lists, and reading it whole is one read by _id.
func (s *Store) ActivitySummary(ctx context.Context, id string) (*models.Activity, error) {
	return s.ActivityByID(ctx, id)
}

// UpdateActivityDetails writes the fields a staff user may edit, never the
// seats, status or series. The write happens only while the activity is
// not cancelled and its taken seats still fit the new capacity (or it is
// not lowered), checked in the same single-document update (the filter's
// $or mirrors models.Activity.CanSetCapacity); otherwise the answer is
// activity_cancelled or capacity_below_taken (not_found when it is gone).
func (s *Store) UpdateActivityDetails(ctx context.Context, a *models.Activity) error {
	filter := bson.D{
		{Key: "_id", Value: a.ID},
		{Key: "status", Value: bson.D{{Key: "$ne", Value: models.StatusCancelled}}},
		{Key: "$or", Value: bson.A{ // models.Activity.CanSetCapacity
			bson.D{{Key: "seats_taken", Value: bson.D{{Key: "$lte", Value: a.Capacity}}}},
			bson.D{{Key: "capacity", Value: bson.D{{Key: "$lte", Value: a.Capacity}}}},
		}},
	}
	set := bson.D{
		{Key: "kind", Value: a.Kind}, {Key: "title", Value: a.Title}, {Key: "description", Value: a.Description},
		{Key: "languages", Value: a.Languages}, {Key: "starts_at", Value: a.StartsAt}, {Key: "ends_at", Value: a.EndsAt},
		{Key: "timezone", Value: a.Timezone}, {Key: "venue", Value: a.Venue}, {Key: "capacity", Value: a.Capacity},
		{Key: "max_party_size", Value: a.MaxPartySize}, {Key: "waitlist", Value: a.Waitlist},
		{Key: "registration_opens_at", Value: a.RegistrationOpensAt},
		{Key: "registration_closes_at", Value: a.RegistrationClosesAt},
		{Key: "questions", Value: a.Questions}, {Key: "search_text", Value: a.SearchText},
		{Key: "waitlist_mode", Value: a.WaitlistMode}, {Key: "offer_hours", Value: a.OfferHours},
		{Key: "offer_cutoff_hours", Value: a.OfferCutoffHours}, {Key: "draw_at", Value: a.DrawAt},
		{Key: "updated_at", Value: a.UpdatedAt}, {Key: "change_notice", Value: a.ChangeNotice},
	}
	// The revision only grows ($max), even should two instances edit the
	// activity at once: a calendar's SEQUENCE never goes down.
	// An edit may move an ended activity back into the future, where it
	// takes signups again: retention must look at it afresh.
	res, err := s.col(colActivities).UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: set},
		{Key: "$max", Value: bson.D{{Key: "revision", Value: a.Revision}}},
		{Key: "$unset", Value: bson.D{{Key: fieldPersonalDataErased, Value: ""}}}})
	if err != nil {
		return err
	}
	if res.MatchedCount == 1 {
		return nil
	}
	cur, err := s.ActivityByID(ctx, a.ID)
	if err != nil {
		return err
	}
	if cur.Status == models.StatusCancelled {
		return models.Errorf(models.ErrActivityCancelled, "activity %s is cancelled", a.ID)
	}
	return models.Errorf(models.ErrCapacityBelowTaken, "capacity %d below %d taken", a.Capacity, cur.SeatsTaken)
}

// SetActivityStatus moves an activity to status when its status is one of
// from, recording reason when cancelling. It reports whether it did.
func (s *Store) SetActivityStatus(ctx context.Context, id string, from []string, status string, reason models.Text, now time.Time) (bool, error) {
	set := bson.D{{Key: "status", Value: status}, {Key: "updated_at", Value: now}}
	if status == models.StatusCancelled {
		set = append(set, bson.E{Key: "tell_pending", Value: true})
	}
	if reason != nil {
		set = append(set, bson.E{Key: "cancel_reason", Value: reason})
	}
	res, err := s.col(colActivities).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "status", Value: bson.D{{Key: "$in", Value: from}}}},
		bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return false, err
	}
	return res.MatchedCount == 1, nil
}

// MarkPeopleTold clears TellPending: everyone has been sent the news.
func (s *Store) MarkPeopleTold(ctx context.Context, id string) error {
	_, err := s.col(colActivities).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "tell_pending", Value: ""}}}})
	return err
}

// SetActivitySeries records the series an activity belongs to.
func (s *Store) SetActivitySeries(ctx context.Context, id, seriesID string) error {
	_, err := s.col(colActivities).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "series_id", Value: seriesID}}}})
	return err
}

// DeleteDraftActivity deletes an activity while it is a draft and reports
// whether it did.
func (s *Store) DeleteDraftActivity(ctx context.Context, id string) (bool, error) {
	res, err := s.col(colActivities).DeleteOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "status", Value: models.StatusDraft}})
	if err != nil {
		return false, err
	}
	return res.DeletedCount == 1, nil
}

// ActivityHasSignups reports whether any signup, in any status, exists
// for the activity.
func (s *Store) ActivityHasSignups(ctx context.Context, activityID string) (bool, error) {
	err := s.col(colSignups).FindOne(ctx, bson.D{{Key: "activity_id", Value: activityID}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, err
}

// CountActivities returns how many activities exist.
func (s *Store) CountActivities(ctx context.Context) (int64, error) {
	return s.col(colActivities).CountDocuments(ctx, bson.D{})
}

// ListActivities returns the activities matching q, by start time then id
// (both descending when q.Descending).
func (s *Store) ListActivities(ctx context.Context, q store.ActivityQuery) ([]models.Activity, error) {
	and := bson.A{}
	scopes := bson.A{}
	for _, sc := range q.Scopes {
		f := bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: sc.Statuses}}}}
		if sc.OrganisationID != "" {
			f = append(f, bson.E{Key: "organisation_id", Value: sc.OrganisationID})
		}
		scopes = append(scopes, f)
	}
	and = append(and, bson.D{{Key: "$or", Value: scopes}})
	and = append(and, bson.D{{Key: "ends_at", Value: bson.D{{Key: "$gt", Value: q.EndsAfter}}}})
	if q.EndedBy != nil {
		and = append(and, bson.D{{Key: "ends_at", Value: bson.D{{Key: "$lte", Value: *q.EndedBy}}}})
	}
	if q.Kind != "" {
		and = append(and, bson.D{{Key: "kind", Value: q.Kind}})
	}
	if q.Language != "" {
		and = append(and, bson.D{{Key: "languages", Value: q.Language}})
	}
	if q.OrganisationID != "" {
		and = append(and, bson.D{{Key: "organisation_id", Value: q.OrganisationID}})
	}
	if q.From != nil {
		and = append(and, bson.D{{Key: "starts_at", Value: bson.D{{Key: "$gte", Value: *q.From}}}})
	}
	if q.To != nil {
		and = append(and, bson.D{{Key: "starts_at", Value: bson.D{{Key: "$lte", Value: *q.To}}}})
	}
	if q.Text != "" {
		and = append(and, bson.D{{Key: "search_text", Value: bson.D{{Key: "$regex", Value: regexp.QuoteMeta(q.Text)}}}})
	}
	cmp, dir := "$gt", 1
	if q.Descending {
		cmp, dir = "$lt", -1
	}
	if c := q.After; c != nil {
		and = append(and, bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "starts_at", Value: bson.D{{Key: cmp, Value: c.StartsAt}}}},
			bson.D{{Key: "starts_at", Value: c.StartsAt}, {Key: "_id", Value: bson.D{{Key: cmp, Value: c.ID}}}},
		}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "starts_at", Value: dir}, {Key: "_id", Value: dir}}).SetLimit(int64(q.Limit))
	cur, err := s.col(colActivities).Find(ctx, bson.D{{Key: "$and", Value: and}}, opts)
	if err != nil {
		return nil, err
	}
	out := []models.Activity{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].WaitlistCount = len(out[i].WaitingList)
	}
	return out, nil
}

// MarkDrawn records that an activity's draw was made, unless it was.
func (s *Store) MarkDrawn(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.col(colActivities).UpdateOne(ctx,
		append(byID(id), bson.E{Key: "drawn_at", Value: bson.D{{Key: "$exists", Value: false}}}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "drawn_at", Value: now}}}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// ActivitiesDueForDraw returns the ids of up to limit published
// activities whose draw time has come and whose draw was not made
// (index draw).
func (s *Store) ActivitiesDueForDraw(ctx context.Context, now time.Time, limit int) ([]string, error) {
	filter := bson.D{
		{Key: "draw_at", Value: bson.D{{Key: "$lte", Value: now}}},
		{Key: "drawn_at", Value: bson.D{{Key: "$exists", Value: false}}},
		{Key: "status", Value: models.StatusPublished},
	}
	opts := options.Find().SetSort(bson.D{{Key: "draw_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)).
		SetProjection(bson.D{{Key: "_id", Value: 1}})
	cur, err := s.col(colActivities).Find(ctx, filter, opts)
	if err != nil {
		return nil, err
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}
