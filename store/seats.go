package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// Seats live on the activity document, which is their source of truth:
// seat_holders lists every signup holding seats with its party size, and
// seats_taken is their sum. Both change together in one single-document
// conditional update, atomic on MongoDB across any number of instances.
// FerretDB does not make such updates atomic, so registration also
// serialises them per activity in-process.

// holderDoc is a seat_holders element, always written with its fields in
// this order: FerretDB compares subdocuments field by field, in order, and
// pulls only an exact match.
func holderDoc(h models.SeatHolder) bson.D {
	return bson.D{{Key: "id", Value: h.SignupID}, {Key: "party", Value: h.Party}}
}

// ClaimSeats gives h.Party seats of a published activity to the signup
// h.SignupID when they fit into capacity, which must be the capacity the
// caller read: a concurrent capacity change makes the claim fail, and the
// caller reads again. It reports whether the seats were claimed by this
// call; a signup that already holds seats is not given more.
func (s *Store) ClaimSeats(ctx context.Context, activityID string, capacity int, h models.SeatHolder) (bool, error) {
	filter := bson.D{
		{Key: "_id", Value: activityID},
		{Key: "status", Value: models.StatusPublished},
		{Key: "capacity", Value: capacity},
		{Key: "seats_taken", Value: bson.D{{Key: "$lte", Value: capacity - h.Party}}},
		{Key: "seat_holders.id", Value: bson.D{{Key: "$ne", Value: h.SignupID}}},
	}
	update := bson.D{
		{Key: "$push", Value: bson.D{{Key: "seat_holders", Value: holderDoc(h)}}},
		{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: h.Party}}},
	}
	res, err := s.col(colActivities).UpdateOne(ctx, filter, update)
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// ReleaseSeats takes the seats of holder h back; h must be the element
// as read from the activity (holders are never modified, only pushed and
// pulled whole, and a signup is pushed at most once). It is idempotent:
// it does nothing (and reports false) when h.SignupID holds no seats.
// FerretDB matches neither an array element by a whole subdocument nor
// $elemMatch on subdocument fields, hence the filter on the id alone.
func (s *Store) ReleaseSeats(ctx context.Context, activityID string, h models.SeatHolder) (bool, error) {
	filter := bson.D{
		{Key: "_id", Value: activityID},
		{Key: "seat_holders.id", Value: h.SignupID},
	}
	update := bson.D{
		{Key: "$pull", Value: bson.D{{Key: "seat_holders", Value: holderDoc(h)}}},
		{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: -h.Party}}},
	}
	res, err := s.col(colActivities).UpdateOne(ctx, filter, update)
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// RepairSeatsTaken sets seats_taken to the party sum of the holders the
// caller read, unless the holders or the counter changed since (then the
// caller reads again). It reports whether the counter was changed.
func (s *Store) RepairSeatsTaken(ctx context.Context, a *models.Activity) (bool, error) {
	sum := 0
	holders := bson.A{}
	for _, h := range a.SeatHolders {
		sum += h.Party
		holders = append(holders, holderDoc(h))
	}
	if sum == a.SeatsTaken {
		return false, nil
	}
	filter := bson.D{
		{Key: "_id", Value: a.ID},
		{Key: "seats_taken", Value: a.SeatsTaken},
		{Key: "seat_holders", Value: bson.D{{Key: "$size", Value: len(a.SeatHolders)}}},
	}
	res, err := s.col(colActivities).UpdateOne(ctx, filter,
		bson.D{{Key: "$set", Value: bson.D{{Key: "seats_taken", Value: sum}}}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// EachActivityToReconcile calls fn with the id of every activity whose
// seats may still matter (not ended at now), in id order, a batch at a
// time so that no cursor stays open while fn works.
func (s *Store) EachActivityToReconcile(ctx context.Context, notEndedAt time.Time, fn func(id string) error) error {
	after := ""
	for {
		filter := bson.D{
			{Key: "ends_at", Value: bson.D{{Key: "$gt", Value: notEndedAt}}},
			{Key: "_id", Value: bson.D{{Key: "$gt", Value: after}}},
		}
		opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(200).
			SetProjection(bson.D{{Key: "_id", Value: 1}})
		var batch []struct {
			ID string `bson:"_id"`
		}
		cur, err := s.col(colActivities).Find(ctx, filter, opts)
		if err != nil {
			return err
		}
		if err := cur.All(ctx, &batch); err != nil {
			return err
		}
		for _, b := range batch {
			if err := fn(b.ID); err != nil {
				return err
			}
			after = b.ID
		}
		if len(batch) < 200 {
			return nil
		}
	}
}
