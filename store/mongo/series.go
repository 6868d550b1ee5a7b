package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// Series records and series signups, each one document; the signups made
// on each date are ordinary signup documents (series_signup_id links
// them) and the activity documents stay the truth for seats. A series
// signup's steps are idempotent (see registration's series signup), so no
// write here spans two documents.

// SaveSeries stores a series record, or replaces its flag (one upsert).
func (s *Store) SaveSeries(ctx context.Context, sr *models.Series) error {
	_, err := s.col(colSeries).UpdateOne(ctx, byID(sr.ID), bson.D{
		{Key: "$set", Value: bson.D{{Key: "series_signup", Value: sr.SeriesSignup}, {Key: "updated_at", Value: sr.UpdatedAt}}},
		{Key: "$setOnInsert", Value: bson.D{{Key: "organisation_id", Value: sr.OrganisationID}, {Key: "created_at", Value: sr.CreatedAt}}},
	}, options.UpdateOne().SetUpsert(true))
	return err
}

// SeriesByID finds a series record.
func (s *Store) SeriesByID(ctx context.Context, id string) (*models.Series, error) {
	var sr models.Series
	if err := s.col(colSeries).FindOne(ctx, byID(id)).Decode(&sr); err != nil {
		return nil, notFoundOr(err, "series")
	}
	return &sr, nil
}

// ActivitiesOfSeries reads a series' activities through the series index.
func (s *Store) ActivitiesOfSeries(ctx context.Context, id string, limit int) ([]models.Activity, error) {
	opts := options.Find().SetSort(bson.D{{Key: "starts_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	cur, err := s.col(colActivities).Find(ctx, bson.D{{Key: "series_id", Value: id}}, opts)
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

// InsertSeriesSignup stores a new series signup; the unique active_key
// index decides "one series signup per email".
func (s *Store) InsertSeriesSignup(ctx context.Context, ss *models.SeriesSignup) error {
	_, err := s.col(colSeriesSignups).InsertOne(ctx, ss)
	if isDuplicate(err) {
		if n, cerr := s.col(colSeriesSignups).CountDocuments(ctx, byID(ss.ID)); cerr == nil && n > 0 {
			return models.Errorf(models.ErrConflict, "series signup %s exists", ss.ID)
		}
		return models.Errorf(models.ErrAlreadyRegistered, "email already signed up for the series")
	}
	return err
}

// SeriesSignupByID finds a series signup by id.
func (s *Store) SeriesSignupByID(ctx context.Context, id string) (*models.SeriesSignup, error) {
	return s.findSeriesSignup(ctx, byID(id))
}

// SeriesSignupByTokenHash finds a series signup by its answer's token
// hash, else through the email whose link's token has it.
func (s *Store) SeriesSignupByTokenHash(ctx context.Context, hash string) (*models.SeriesSignup, error) {
	ss, err := s.findSeriesSignup(ctx, bson.D{{Key: "manage_token_hash", Value: hash}})
	if !models.IsCode(err, models.ErrNotFound) {
		return ss, err
	}
	var rec struct {
		SignupID string `bson:"signup_id"`
	}
	err = s.col(colOutbox).FindOne(ctx, bson.D{{Key: "link_token_hash", Value: hash}},
		options.FindOne().SetProjection(bson.D{{Key: "signup_id", Value: 1}})).Decode(&rec)
	if err != nil {
		return nil, notFoundOr(err, "series signup")
	}
	if rec.SignupID == "" {
		return nil, models.Errorf(models.ErrNotFound, "series signup not found")
	}
	return s.SeriesSignupByID(ctx, rec.SignupID)
}

// ReplaceSeriesManageToken sets the hash of the answer's token.
func (s *Store) ReplaceSeriesManageToken(ctx context.Context, id, hash string) (bool, error) {
	res, err := s.col(colSeriesSignups).UpdateOne(ctx,
		append(byID(id), bson.E{Key: "erased_at", Value: bson.D{{Key: "$exists", Value: false}}}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "manage_token_hash", Value: hash}}}})
	if err != nil {
		return false, err
	}
	return res.MatchedCount == 1, nil
}

// SetSeriesSignupStatus moves a series signup from one of from to status,
// conditionally in one update.
func (s *Store) SetSeriesSignupStatus(ctx context.Context, id string, from []string, status string, now time.Time) (bool, error) {
	set := bson.D{{Key: "status", Value: status}, {Key: "updated_at", Value: now}}
	if status == models.SeriesSignupCancelled {
		set = append(set, bson.E{Key: "active_key", Value: id}, bson.E{Key: "cancelled_at", Value: now})
	}
	return s.updateSeriesSignup(ctx, append(byID(id), bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: from}}}), set)
}

// EraseSeriesSignup deletes the personal data of a decided series signup.
func (s *Store) EraseSeriesSignup(ctx context.Context, id string, now time.Time) (bool, error) {
	filter := append(byID(id), bson.E{Key: "status", Value: bson.D{{Key: "$ne", Value: models.SeriesSignupPending}}})
	set := bson.D{{Key: "name", Value: ""}, {Key: "email", Value: ""}, {Key: "phone", Value: ""},
		{Key: "active_key", Value: id}, {Key: "manage_token_hash", Value: "erased:" + id},
		{Key: "erased_at", Value: now}, {Key: "updated_at", Value: now}}
	res, err := s.col(colSeriesSignups).UpdateOne(ctx, filter,
		bson.D{{Key: "$set", Value: set}, {Key: "$unset", Value: bson.D{{Key: "answers", Value: ""}}}})
	if err != nil {
		return false, err
	}
	return res.MatchedCount == 1, nil
}

func (s *Store) updateSeriesSignup(ctx context.Context, filter, set bson.D) (bool, error) {
	res, err := s.col(colSeriesSignups).UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// SeriesSignupsOf reads a series' signups through the series_created index.
func (s *Store) SeriesSignupsOf(ctx context.Context, seriesID string, statuses []string, limit int) ([]models.SeriesSignup, error) {
	filter := bson.D{{Key: "series_id", Value: seriesID}}
	if len(statuses) > 0 {
		filter = append(filter, bson.E{Key: "status", Value: bson.D{{Key: "$in", Value: statuses}}})
	}
	return s.findSeriesSignups(ctx, filter, limit)
}

// PendingSeriesSignups reads the status_created index.
func (s *Store) PendingSeriesSignups(ctx context.Context, createdBefore time.Time, limit int) ([]models.SeriesSignup, error) {
	return s.findSeriesSignups(ctx, bson.D{{Key: "status", Value: models.SeriesSignupPending},
		{Key: "created_at", Value: bson.D{{Key: "$lt", Value: createdBefore}}}}, limit)
}

// SignupsOfSeriesSignups reads the signups' series_signup index.
func (s *Store) SignupsOfSeriesSignups(ctx context.Context, ids []string) ([]models.Signup, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.findSignups(ctx, bson.D{{Key: "series_signup_id", Value: bson.D{{Key: "$in", Value: ids}}},
		{Key: "status", Value: bson.D{{Key: "$ne", Value: models.SignupPending}}}}, options.Find())
}

func (s *Store) findSeriesSignup(ctx context.Context, filter bson.D) (*models.SeriesSignup, error) {
	var ss models.SeriesSignup
	if err := s.col(colSeriesSignups).FindOne(ctx, filter).Decode(&ss); err != nil {
		return nil, notFoundOr(err, "series signup")
	}
	return &ss, nil
}

func (s *Store) findSeriesSignups(ctx context.Context, filter bson.D, limit int) ([]models.SeriesSignup, error) {
	opts := options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	cur, err := s.col(colSeriesSignups).Find(ctx, filter, opts)
	if err != nil {
		return nil, err
	}
	out := []models.SeriesSignup{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}
