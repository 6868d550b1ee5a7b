package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// A signup document follows the activity document (see seats.go): its
// status says what the attendee was told, the activity's seat_holders say
// who holds seats. Every status change below is conditional on the status
// it expects, so that repeating a step after a crash changes nothing.

// InsertSignup stores a new (pending) signup. A second active signup with
// the same email for the same activity is already_registered (the unique
// active_key index decides, atomically); an existing signup with the same
// id is a conflict, which lets a retried request find its first attempt.
func (s *Store) InsertSignup(ctx context.Context, su *models.Signup) error {
	_, err := s.col(colSignups).InsertOne(ctx, su)
	if isDuplicate(err) {
		if n, cerr := s.col(colSignups).CountDocuments(ctx, bson.D{{Key: "_id", Value: su.ID}}); cerr == nil && n > 0 {
			return models.Errorf(models.ErrConflict, "signup %s exists", su.ID)
		}
		return models.Errorf(models.ErrAlreadyRegistered, "email already signed up")
	}
	return err
}

// SignupByID finds a signup by id.
func (s *Store) SignupByID(ctx context.Context, id string) (*models.Signup, error) {
	return s.findSignup(ctx, bson.D{{Key: "_id", Value: id}})
}

// SignupByTokenHash finds a signup by the hash of its answer's manage
// token, else through the email whose link's token has this hash; each
// lookup reads one index.
func (s *Store) SignupByTokenHash(ctx context.Context, hash string) (*models.Signup, error) {
	su, err := s.findSignup(ctx, bson.D{{Key: "manage_token_hash", Value: hash}})
	if !models.IsCode(err, models.ErrNotFound) {
		return su, err
	}
	var rec struct {
		SignupID string `bson:"signup_id"`
	}
	err = s.col(colOutbox).FindOne(ctx, bson.D{{Key: "link_token_hash", Value: hash}},
		options.FindOne().SetProjection(bson.D{{Key: "signup_id", Value: 1}})).Decode(&rec)
	if err != nil {
		return nil, notFoundOr(err, "signup")
	}
	if rec.SignupID == "" {
		return nil, models.Errorf(models.ErrNotFound, "signup not found")
	}
	return s.SignupByID(ctx, rec.SignupID)
}

// ReplaceManageToken sets the hash of the token of a signup's answer,
// unless the signup is erased.
func (s *Store) ReplaceManageToken(ctx context.Context, id, hash string) (bool, error) {
	res, err := s.col(colSignups).UpdateOne(ctx,
		append(byID(id), bson.E{Key: "erased_at", Value: bson.D{{Key: "$exists", Value: false}}}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "manage_token_hash", Value: hash}}}})
	if err != nil {
		return false, err
	}
	return res.MatchedCount == 1, nil
}

func (s *Store) findSignup(ctx context.Context, filter bson.D) (*models.Signup, error) {
	var su models.Signup
	if err := s.col(colSignups).FindOne(ctx, filter).Decode(&su); err != nil {
		return nil, notFoundOr(err, "signup")
	}
	return &su, nil
}

// SetSignupStatus moves a signup from one of the statuses in from to
// status. It reports whether the signup was in one of those statuses (and
// so was changed).
func (s *Store) SetSignupStatus(ctx context.Context, id string, from []string, status string, now time.Time) (bool, error) {
	set := bson.D{{Key: "status", Value: status}, {Key: "updated_at", Value: now}}
	return s.updateSignup(ctx, id, from, bson.D{{Key: "$set", Value: set}})
}

// FinishSignup sets the status decided for a signup still pending.
func (s *Store) FinishSignup(ctx context.Context, id, status string, now time.Time) (bool, error) {
	res, err := s.col(colSignups).UpdateOne(ctx,
		append(byID(id), bson.E{Key: "status", Value: models.SignupPending}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: status}, {Key: "updated_at", Value: now}}}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// CancelSignup marks an active signup cancelled and frees its email for a
// new signup. It reports whether the signup was active.
func (s *Store) CancelSignup(ctx context.Context, id, by string, now time.Time) (bool, error) {
	return s.updateSignup(ctx, id, models.ActiveStatuses(),
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "status", Value: models.SignupCancelled},
			{Key: "active_key", Value: id},
			{Key: "cancelled_at", Value: now},
			{Key: "cancelled_by", Value: by},
			{Key: "updated_at", Value: now},
		}}})
}

// EraseSignup deletes the personal data of a signup whose seats were
// decided (any status but pending); its status, party size and language
// stay for the counts. The manage token of its answer stops working (those
// of its emails go with EraseOutbox), and the email is free for a new
// signup. Attendees erase cancelled signups (they cancel
// first); retention erases every signup of an activity that ended.
func (s *Store) EraseSignup(ctx context.Context, id string, now time.Time) (bool, error) {
	return s.updateSignup(ctx, id, models.DecidedStatuses(),
		bson.D{
			{Key: "$set", Value: bson.D{
				{Key: "name", Value: ""},
				{Key: "email", Value: ""},
				{Key: "active_key", Value: id},
				// unique index: every erased signup needs its own value
				{Key: "manage_token_hash", Value: "erased:" + id},
				{Key: "erased_at", Value: now},
				{Key: "updated_at", Value: now},
			}},
			{Key: "$unset", Value: bson.D{
				{Key: "phone", Value: ""},
				{Key: "answers", Value: ""},
				// with which earlier versions rebuilt manage tokens
				{Key: "manage_nonce", Value: ""},
			}},
		})
}

// DeletePendingSignup removes a signup that never got a seat decision
// (an activity without a waiting list that is full): it was never
// accepted, so nothing of it is kept.
func (s *Store) DeletePendingSignup(ctx context.Context, id string) error {
	_, err := s.col(colSignups).DeleteOne(ctx, append(byID(id), bson.E{Key: "status", Value: models.SignupPending}))
	return err
}

// OfferSignup moves a signup in one of from to offered, its seat held
// until expires.
func (s *Store) OfferSignup(ctx context.Context, id string, from []string, expires, now time.Time) (bool, error) {
	set := bson.D{{Key: "status", Value: models.SignupOffered}, {Key: "offer_expires_at", Value: expires},
		{Key: "updated_at", Value: now}}
	return s.updateSignup(ctx, id, from, bson.D{{Key: "$set", Value: set}})
}

// ExpiredOffers returns up to limit offered signups whose time to answer
// ended at or before now, soonest first (index status_offer).
func (s *Store) ExpiredOffers(ctx context.Context, now time.Time, limit int) ([]models.Signup, error) {
	filter := bson.D{
		{Key: "status", Value: models.SignupOffered},
		{Key: "offer_expires_at", Value: bson.D{{Key: "$lte", Value: now}}},
	}
	opts := options.Find().SetSort(bson.D{{Key: "offer_expires_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	return s.findSignups(ctx, filter, opts)
}

func (s *Store) updateSignup(ctx context.Context, id string, from []string, update bson.D) (bool, error) {
	res, err := s.col(colSignups).UpdateOne(ctx,
		append(byID(id), bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: from}}}), update)
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// ListSignups returns up to limit signups of an activity with one of the
// statuses (all but pending when none), oldest first, after the cursor.
func (s *Store) ListSignups(ctx context.Context, activityID string, statuses []string, after *store.SignupCursor, limit int) ([]models.Signup, error) {
	if len(statuses) == 0 {
		statuses = models.DecidedStatuses()
	}
	filter := bson.D{
		{Key: "activity_id", Value: activityID},
		{Key: "status", Value: bson.D{{Key: "$in", Value: statuses}}},
	}
	if after != nil {
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "created_at", Value: bson.D{{Key: "$gt", Value: after.CreatedAt}}}},
			bson.D{{Key: "created_at", Value: after.CreatedAt}, {Key: "_id", Value: bson.D{{Key: "$gt", Value: after.ID}}}},
		}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	return s.findSignups(ctx, filter, opts)
}

// SignupsByIDs returns the signups with the given ids that exist, in no
// order.
func (s *Store) SignupsByIDs(ctx context.Context, ids []string) ([]models.Signup, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.findSignups(ctx, idIn(ids), options.Find())
}

// PendingSignups returns up to limit signups, of any activity, still
// pending since before createdBefore, oldest first.
func (s *Store) PendingSignups(ctx context.Context, createdBefore time.Time, limit int) ([]models.Signup, error) {
	filter := bson.D{
		{Key: "status", Value: models.SignupPending},
		{Key: "created_at", Value: bson.D{{Key: "$lt", Value: createdBefore}}},
	}
	opts := options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	return s.findSignups(ctx, filter, opts)
}

func (s *Store) findSignups(ctx context.Context, filter bson.D, opts *options.FindOptionsBuilder) ([]models.Signup, error) {
	cur, err := s.col(colSignups).Find(ctx, filter, opts)
	if err != nil {
		return nil, err
	}
	out := []models.Signup{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}
