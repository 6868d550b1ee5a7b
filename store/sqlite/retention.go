package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/agora-events/agora/models"
)

// Retention erases attendees' personal data some time after their
// activity ended. What stays is anonymous: a signup keeps its status,
// party size, language and times, so counts and reports do not change. An
// activity whose attendees were all erased is marked (personal_data_erased_at,
// a column no model carries, so that a repeat copies no mark), so that the
// job does not look at it again. EraseOutbox lives with the outbox.

// ActivitiesToErase returns up to limit activities (id, organisation and
// end only) that ended before endedBefore and whose attendees' personal
// data has not been erased yet, those that ended first first. It walks the
// partial index activities_to_erase, which holds only unmarked activities,
// so erased ones cost nothing however many accumulate.
func (s *Store) ActivitiesToErase(ctx context.Context, endedBefore time.Time, limit int) ([]models.Activity, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT id, organisation_id, ends_at FROM activities
		WHERE personal_data_erased_at IS NULL AND ends_at < ? ORDER BY ends_at, id LIMIT ?`,
		ms(endedBefore), limitOrAll(limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []models.Activity{}
	for rows.Next() {
		var (
			a    models.Activity
			ends int64
		)
		if err := rows.Scan(&a.ID, &a.OrganisationID, &ends); err != nil {
			return nil, err
		}
		a.EndsAt = fromMS(ends)
		out = append(out, a)
	}
	return out, rows.Err()
}

// MarkPersonalDataErased records that an activity's attendees hold no
// personal data any more. An edit that moves the activity back into the
// future clears the mark (UpdateActivityDetails).
func (s *Store) MarkPersonalDataErased(ctx context.Context, activityID string, now time.Time) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE activities SET personal_data_erased_at = ? WHERE id = ?`,
		ms(now), activityID)
	return err
}

// UnerasedSignups returns up to limit signups of an activity, after the id
// after (empty: from the start), whose personal data is still there, in id
// order, through the partial index signups_unerased. Only what the eraser
// needs is read: id, activity, status and creation time.
func (s *Store) UnerasedSignups(ctx context.Context, activityID, after string, limit int) ([]models.Signup, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT id, activity_id, status, created_at, series_signup_id FROM signups
		WHERE activity_id = ? AND erased_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
		activityID, after, limitOrAll(limit))
	return collectSignupStubs(rows, err)
}

func collectSignupStubs(rows *sql.Rows, err error) ([]models.Signup, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []models.Signup{}
	for rows.Next() {
		var (
			su      models.Signup
			created int64
		)
		if err := rows.Scan(&su.ID, &su.ActivityID, &su.Status, &created, &su.SeriesSignupID); err != nil {
			return nil, err
		}
		su.CreatedAt = fromMS(created)
		out = append(out, su)
	}
	return out, rows.Err()
}
