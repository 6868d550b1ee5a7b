package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// SeriesStore keeps series records and series signups (see models.Series
// and models.SeriesSignup). The signups a series signup makes on each
// date are ordinary Signups (with SeriesSignupID set) and change only
// through Signups and Seats.
type SeriesStore interface {
	// SaveSeries stores a series record, or replaces the series_signup
	// flag and updated_at of the one with its id.
	SaveSeries(ctx context.Context, sr *models.Series) error
	SeriesByID(ctx context.Context, id string) (*models.Series, error)
	// ActivitiesOfSeries returns up to limit activities sharing series_id
	// id, whatever their status, by start time then id, with SeatsTaken
	// and WaitlistCount but not necessarily their lists.
	ActivitiesOfSeries(ctx context.Context, id string, limit int) ([]models.Activity, error)
	// InsertSeriesSignup stores a new series signup. A second pending or
	// active one with the same active key is already_registered, decided
	// atomically; an existing id is conflict.
	InsertSeriesSignup(ctx context.Context, ss *models.SeriesSignup) error
	SeriesSignupByID(ctx context.Context, id string) (*models.SeriesSignup, error)
	// SeriesSignupByTokenHash finds a series signup by the hash of its
	// answer's manage token, else of the token of the link of an email
	// about it (the outbox record's signup_id is the series signup's id).
	// Whether it is erased is the caller's to check.
	SeriesSignupByTokenHash(ctx context.Context, hash string) (*models.SeriesSignup, error)
	// ReplaceSeriesManageToken sets the hash of the answer's token unless
	// the series signup is erased; it reports whether it did.
	ReplaceSeriesManageToken(ctx context.Context, id, hash string) (bool, error)
	// SetSeriesSignupStatus moves a series signup from one of from to
	// status and reports whether it did. Moving to cancelled frees its
	// email (active key) and records cancelled_at.
	SetSeriesSignupStatus(ctx context.Context, id string, from []string, status string, now time.Time) (bool, error)
	// EraseSeriesSignup deletes the personal data of a series signup
	// that is not pending (status and party size stay); its answer's token
	// stops working. It reports whether it did.
	EraseSeriesSignup(ctx context.Context, id string, now time.Time) (bool, error)
	// SeriesSignupsOf returns up to limit series signups of a series in
	// one of statuses (every status when none), oldest first.
	SeriesSignupsOf(ctx context.Context, seriesID string, statuses []string, limit int) ([]models.SeriesSignup, error)
	// PendingSeriesSignups returns up to limit series signups pending
	// since before createdBefore, oldest first.
	PendingSeriesSignups(ctx context.Context, createdBefore time.Time, limit int) ([]models.SeriesSignup, error)
	// SignupsOfSeriesSignups returns the signups, in every status but
	// pending, linked to any of the series signups ids, in no order.
	SignupsOfSeriesSignups(ctx context.Context, ids []string) ([]models.Signup, error)
}
