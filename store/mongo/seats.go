package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// Seats and the waiting list live on the activity document, which is
// their source of truth: seat_holders lists every signup holding seats
// with its party size, seats_taken is their sum, and waiting_list is the
// waiting list in signup order. Every change below is one single-document
// update that returns the activity as it is afterwards, or nil when its
// conditions no longer held (the caller reads again and decides again).
//
// Each method takes the activity a as the caller read it; the conditions
// go into the filter, which makes the update atomic across instances
// (registration's activity lock only spares needless contention).

// holderDoc is a list element as stored (see models.SeatHolder).
func holderDoc(h models.SeatHolder) string { return h.String() }

// notIn is the condition that the signup of h is not on the list. It is
// used for signups not yet placed, whose party has never changed (only a
// placed signup's does, through ResizeSeats), so their element, were they
// on the list, would be this very string.
func notIn(list string, h models.SeatHolder) bson.E {
	return bson.E{Key: list, Value: bson.D{{Key: "$ne", Value: holderDoc(h)}}}
}

// fits is the condition that h's party fits into a's free seats, with a's
// capacity unchanged: models.Activity.Fits, decided by the update itself.
func fits(a *models.Activity, h models.SeatHolder) []bson.E {
	return []bson.E{
		{Key: "status", Value: models.StatusPublished},
		{Key: "capacity", Value: a.Capacity},
		{Key: "seats_taken", Value: bson.D{{Key: "$lte", Value: a.Capacity - h.Party}}},
	}
}

// ClaimSeats gives h.Party seats of a published activity to a new signup
// when they fit.
func (s *Store) ClaimSeats(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.claimSeats(ctx, a, h, fits(a, h))
}

// ClaimSeatsOverCapacity gives h.Party seats of a published activity to a
// new signup, whether or not they fit.
func (s *Store) ClaimSeatsOverCapacity(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.claimSeats(ctx, a, h, []bson.E{{Key: "status", Value: models.StatusPublished}})
}

func (s *Store) claimSeats(ctx context.Context, a *models.Activity, h models.SeatHolder, cond []bson.E) (*models.Activity, error) {
	cond = append(cond, notIn("seat_holders", h), notIn("waiting_list", h))
	return s.updateActivity(ctx, a.ID, cond, bson.D{
		{Key: "$push", Value: bson.D{{Key: "seat_holders", Value: holderDoc(h)}}},
		{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: h.Party}}},
	})
}

// JoinWaitingList puts a new signup on the waiting list of a published
// activity that has one, at its place in queue order
// (models.WaitingInsertAt): nearly always the end. The list is rewritten
// whole on the condition that it is still exactly as a read it (a
// compare-and-swap, like ResizeSeats): a change made meanwhile refuses it
// and the caller reads again. The embedded FerretDB the tests use knows
// neither $position nor $sort on $push.
func (s *Store) JoinWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	if a.WaitingPosition(h.SignupID) > 0 {
		return nil, nil // waiting already: the list is compared as read
	}
	i := models.WaitingInsertAt(a.WaitingList, h)
	was, now := make(bson.A, 0, len(a.WaitingList)), make(bson.A, 0, len(a.WaitingList)+1)
	for j, e := range a.WaitingList {
		if j == i {
			now = append(now, holderDoc(h))
		}
		was, now = append(was, holderDoc(e)), append(now, holderDoc(e))
	}
	if i == len(a.WaitingList) {
		now = append(now, holderDoc(h))
	}
	cond := []bson.E{{Key: "status", Value: models.StatusPublished}, {Key: "waitlist", Value: true},
		notIn("seat_holders", h), listIs("waiting_list", was)}
	return s.updateActivity(ctx, a.ID, cond, bson.D{{Key: "$set", Value: bson.D{{Key: "waiting_list", Value: now}}}})
}

// listIs is the condition that a list is exactly was: an empty list may
// also be missing (an activity whose list was never written).
func listIs(field string, was bson.A) bson.E {
	if len(was) > 0 {
		return bson.E{Key: field, Value: was}
	}
	return bson.E{Key: "$or", Value: bson.A{
		bson.D{{Key: field, Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: field, Value: bson.D{{Key: "$size", Value: 0}}}},
	}}
}

// PromoteFromWaitingList moves h, as read from the waiting list, to the
// seat holders when its party fits: one update, so a promotion is never
// half done on the activity.
func (s *Store) PromoteFromWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	cond := append(fits(a, h), bson.E{Key: "waiting_list", Value: holderDoc(h)}, notIn("seat_holders", h))
	return s.updateActivity(ctx, a.ID, cond, bson.D{
		{Key: "$pull", Value: bson.D{{Key: "waiting_list", Value: holderDoc(h)}}},
		{Key: "$push", Value: bson.D{{Key: "seat_holders", Value: holderDoc(h)}}},
		{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: h.Party}}},
	})
}

// ReleaseSeats takes back the seats of h, as read from the seat holders
// (elements are never changed, only pushed and pulled whole, and a signup
// is pushed at most once, so the exact element can be pulled).
func (s *Store) ReleaseSeats(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.updateActivity(ctx, a.ID, []bson.E{{Key: "seat_holders", Value: holderDoc(h)}}, bson.D{
		{Key: "$pull", Value: bson.D{{Key: "seat_holders", Value: holderDoc(h)}}},
		{Key: "$inc", Value: bson.D{{Key: "seats_taken", Value: -h.Party}}},
	})
}

// LeaveWaitingList removes h, as read from the waiting list.
func (s *Store) LeaveWaitingList(ctx context.Context, a *models.Activity, h models.SeatHolder) (*models.Activity, error) {
	return s.updateActivity(ctx, a.ID, []bson.E{{Key: "waiting_list", Value: holderDoc(h)}}, bson.D{
		{Key: "$pull", Value: bson.D{{Key: "waiting_list", Value: holderDoc(h)}}},
	})
}

// RepairSeatsTaken sets seats_taken to the party sum of a's holders,
// unless the holders or the counter changed since a was read.
func (s *Store) RepairSeatsTaken(ctx context.Context, a *models.Activity) (*models.Activity, error) {
	sum := 0
	for _, h := range a.SeatHolders {
		sum += h.Party
	}
	if sum == a.SeatsTaken {
		return nil, nil // nothing to repair
	}
	cond := []bson.E{{Key: "seats_taken", Value: a.SeatsTaken},
		{Key: "seat_holders", Value: bson.D{{Key: "$size", Value: len(a.SeatHolders)}}}}
	return s.updateActivity(ctx, a.ID, cond, bson.D{{Key: "$set", Value: bson.D{{Key: "seats_taken", Value: sum}}}})
}

// updateActivity applies update when the conditions hold and returns the
// activity after it, or nil when they did not hold.
func (s *Store) updateActivity(ctx context.Context, id string, cond []bson.E, update bson.D) (*models.Activity, error) {
	var after models.Activity
	err := s.col(colActivities).FindOneAndUpdate(ctx, append(byID(id), cond...), update,
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&after)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	after.WaitlistCount = len(after.WaitingList)
	return &after, nil
}

// EachActivityToReconcile calls fn with the id of every activity whose
// seats may still matter (not ended at notEndedAt), in id order, a batch
// at a time so that no cursor stays open while fn works.
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
