package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
)

// activityColumns are read by scanActivity, in this order.
const activityColumns = `id, organisation_id, kind, title, description, languages, starts_at, ends_at, timezone,
	venue, capacity, max_party_size, waitlist, registration_opens_at, registration_closes_at, questions, status,
	cancel_reason, tell_pending, seats_taken, waitlist_count, series_id, search_text, created_at, updated_at,
	revision, change_notice, waitlist_mode, offer_hours, offer_cutoff_hours, draw_at, drawn_at`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanActivity(sc scanner) (*models.Activity, error) {
	var (
		a                                     models.Activity
		title, desc, langs, venue, qs, reason sql.NullString
		starts, ends, created, updated        int64
		opens, closes, drawAt, drawnAt        sql.NullInt64
		waitlist, tellPending                 int
		series, notice                        sql.NullString
	)
	err := sc.Scan(&a.ID, &a.OrganisationID, &a.Kind, &title, &desc, &langs, &starts, &ends, &a.Timezone,
		&venue, &a.Capacity, &a.MaxPartySize, &waitlist, &opens, &closes, &qs, &a.Status,
		&reason, &tellPending, &a.SeatsTaken, &a.WaitlistCount, &series, &a.SearchText, &created, &updated,
		&a.Revision, &notice, &a.WaitlistMode, &a.OfferHours, &a.OfferCutoffHours, &drawAt, &drawnAt)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		text sql.NullString
		v    any
	}{{title, &a.Title}, {desc, &a.Description}, {langs, &a.Languages}, {venue, &a.Venue}, {qs, &a.Questions}, {reason, &a.CancelReason}} {
		if err := fromJSON(f.text, f.v); err != nil {
			return nil, err
		}
	}
	a.StartsAt, a.EndsAt, a.CreatedAt, a.UpdatedAt = fromMS(starts), fromMS(ends), fromMS(created), fromMS(updated)
	a.RegistrationOpensAt, a.RegistrationClosesAt = timePtr(opens), timePtr(closes)
	a.DrawAt, a.DrawnAt = timePtr(drawAt), timePtr(drawnAt)
	a.Waitlist, a.TellPending = waitlist == 1, tellPending == 1
	if series.Valid {
		a.SeriesID = &series.String
	}
	if notice.Valid {
		a.ChangeNotice = &models.ChangeNotice{}
		if err := fromJSON(notice, a.ChangeNotice); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// detailValues are the columns staff may edit, in detailColumns order.
const detailColumns = `kind, title, description, languages, starts_at, ends_at, timezone, venue, capacity,
	max_party_size, waitlist, registration_opens_at, registration_closes_at, questions, search_text, updated_at, revision, change_notice,
	waitlist_mode, offer_hours, offer_cutoff_hours, draw_at`

func detailValues(a *models.Activity) []any {
	return []any{a.Kind, mustJSON(a.Title), mustJSON(orEmpty(a.Description)), mustJSON(orEmptyList(a.Languages)),
		ms(a.StartsAt), ms(a.EndsAt), a.Timezone, mustJSON(a.Venue), a.Capacity, a.MaxPartySize, boolInt(a.Waitlist),
		msPtr(a.RegistrationOpensAt), msPtr(a.RegistrationClosesAt), mustJSON(orEmptyQuestions(a.Questions)),
		a.SearchText, ms(a.UpdatedAt), a.Revision, noticeJSON(a.ChangeNotice),
		a.WaitlistMode, a.OfferHours, a.OfferCutoffHours, msPtr(a.DrawAt)}
}

// InsertActivity stores a new activity, with no seats taken: seats come
// only through Seats.
func (s *Store) InsertActivity(ctx context.Context, a *models.Activity) error {
	return s.InsertActivities(ctx, []models.Activity{*a})
}

// InsertActivities stores new activities in one transaction.
func (s *Store) InsertActivities(ctx context.Context, as []models.Activity) error {
	if len(as) == 0 {
		return nil
	}
	return s.inTx(ctx, func(q querier) error {
		for i := range as {
			a := &as[i]
			var reason any
			if a.CancelReason != nil {
				reason = mustJSON(a.CancelReason)
			}
			vals := append([]any{a.ID, a.OrganisationID, a.Status, reason, boolInt(a.TellPending), a.SeriesID,
				ms(a.CreatedAt), msPtr(a.DrawnAt)}, detailValues(a)...)
			_, err := q.ExecContext(ctx, `INSERT INTO activities (id, organisation_id, status, cancel_reason, tell_pending,
				series_id, created_at, drawn_at, `+detailColumns+`) VALUES (`+placeholders(len(vals))+`)`, vals...)
			if isUnique(err, "") {
				return models.Errorf(models.ErrConflict, "activity %s exists", a.ID)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ActivityByID finds an activity with its seat holders and waiting list.
func (s *Store) ActivityByID(ctx context.Context, id string) (*models.Activity, error) {
	q := s.reader(ctx)
	a, err := scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "activity")
	}
	if err := s.loadPlaces(ctx, q, a); err != nil {
		return nil, err
	}
	return a, nil
}

// ActivitySummary finds an activity without reading its places: the
// sums on its row say how many seats are taken and how many wait.
func (s *Store) ActivitySummary(ctx context.Context, id string) (*models.Activity, error) {
	a, err := scanActivity(s.reader(ctx).QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ?`, id))
	return a, notFound(err, "activity")
}

// UpdateActivityDetails writes what staff may edit while the activity is
// not cancelled and its taken seats fit the new capacity, or it is not
// lowered (one conditional UPDATE; models.Activity.CanSetCapacity). An edit may move an ended
// activity back into the future: retention must look at it afresh.
func (s *Store) UpdateActivityDetails(ctx context.Context, a *models.Activity) error {
	set := strings.Join(strings.Fields(strings.ReplaceAll(detailColumns, ",", " = ?,")), " ") + " = ?"
	vals := append(detailValues(a), a.ID, a.Capacity, a.Capacity)
	res, err := s.writer(ctx).ExecContext(ctx, `UPDATE activities SET `+set+`, personal_data_erased_at = NULL
		WHERE id = ? AND status != 'cancelled' AND (seats_taken <= ? OR capacity <= ?)`, vals...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	cur, err := s.ActivityByID(ctx, a.ID)
	if err != nil {
		return err
	}
	if cur.Status == models.StatusCancelled {
		return models.Errorf(models.ErrActivityCancelled, "activity %s is cancelled", a.ID)
	}
	return models.Errorf(models.ErrCapacityBelowTaken, "capacity %d below the seats taken when written", a.Capacity)
}

// SetActivityStatus moves an activity to status when it is in one of from;
// a cancellation also marks the news as owed (TellPending).
func (s *Store) SetActivityStatus(ctx context.Context, id string, from []string, status string, reason models.Text, now time.Time) (bool, error) {
	set, vals := "status = ?, updated_at = ?", []any{status, ms(now)}
	if status == models.StatusCancelled {
		set += ", tell_pending = 1"
	}
	if reason != nil {
		set += ", cancel_reason = ?"
		vals = append(vals, mustJSON(reason))
	}
	vals = append(append(vals, id), args(from)...)
	return s.execOne(ctx, `UPDATE activities SET `+set+` WHERE id = ? AND status IN (`+
		placeholders(len(from))+`)`, vals...)
}

// MarkPeopleTold clears TellPending: everyone has been sent the news.
func (s *Store) MarkPeopleTold(ctx context.Context, id string) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE activities SET tell_pending = 0 WHERE id = ?`, id)
	return err
}

// SetActivitySeries records the series an activity belongs to.
func (s *Store) SetActivitySeries(ctx context.Context, id, seriesID string) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE activities SET series_id = ? WHERE id = ?`, seriesID, id)
	return err
}

// DeleteDraftActivity deletes an activity while it is a draft.
func (s *Store) DeleteDraftActivity(ctx context.Context, id string) (bool, error) {
	return s.execOne(ctx, `DELETE FROM activities WHERE id = ? AND status = 'draft'
		AND NOT EXISTS (SELECT 1 FROM signups WHERE activity_id = ?)`, id, id)
}

// ActivityHasSignups reports whether any signup exists for the activity.
func (s *Store) ActivityHasSignups(ctx context.Context, activityID string) (bool, error) {
	var one int
	err := s.reader(ctx).QueryRowContext(ctx, `SELECT 1 FROM signups WHERE activity_id = ? LIMIT 1`, activityID).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// MarkDrawn records that an activity's draw was made, unless it was.
func (s *Store) MarkDrawn(ctx context.Context, id string, now time.Time) (bool, error) {
	return s.execOne(ctx, `UPDATE activities SET drawn_at = ? WHERE id = ? AND drawn_at IS NULL`, ms(now), id)
}

// ActivitiesDueForDraw returns the ids of up to limit published
// activities whose draw time has come (at or before now) and whose draw
// was not made, through activities_draws.
func (s *Store) ActivitiesDueForDraw(ctx context.Context, now time.Time, limit int) ([]string, error) {
	return s.strings(ctx, `SELECT id FROM activities
		WHERE draw_at IS NOT NULL AND drawn_at IS NULL AND draw_at <= ? AND status = 'published'
		ORDER BY draw_at, id LIMIT ?`, ms(now), limit)
}
