package sqlite

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
)

// ActivitiesDueForReminders returns the published activities starting in
// (now, now+before] whose reminders have not all been queued yet
// (reminders_queued_at is NULL), soonest first, without their seat
// holders and waiting lists. It walks the range of activities_by_start.
func (s *Store) ActivitiesDueForReminders(ctx context.Context, now time.Time, before time.Duration) ([]models.Activity, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+activityColumns+` FROM activities
		WHERE status = 'published' AND starts_at > ? AND starts_at <= ? AND reminders_queued_at IS NULL
		ORDER BY starts_at, id`, ms(now), ms(now.Add(before)))
	if err != nil {
		return nil, err
	}
	due, err := collectActivities(rows)
	if err != nil || len(due) == 0 {
		return nil, err
	}
	return due, nil
}

// SetRemindersQueued records that every reminder of an activity is in the
// outbox, so later scheduler runs skip it; the first time recorded stays.
// A run that dies before this write is repeated; the outbox's dedup keys
// keep each reminder single.
func (s *Store) SetRemindersQueued(ctx context.Context, activityID string, now time.Time) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE activities SET reminders_queued_at = ?
		WHERE id = ? AND reminders_queued_at IS NULL`, ms(now), activityID)
	return err
}
