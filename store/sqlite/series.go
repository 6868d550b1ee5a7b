package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/agora-events/agora/models"
)

// Series records and series signups. The signups made on each date are
// ordinary signup rows (series_signup_id links them); the activity rows
// stay the truth for seats.

// SaveSeries stores a series record, or replaces its flag.
func (s *Store) SaveSeries(ctx context.Context, sr *models.Series) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO series (id, organisation_id, series_signup, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET series_signup = excluded.series_signup, updated_at = excluded.updated_at`,
		sr.ID, sr.OrganisationID, boolInt(sr.SeriesSignup), ms(sr.CreatedAt), ms(sr.UpdatedAt))
	return err
}

// SeriesByID finds a series record.
func (s *Store) SeriesByID(ctx context.Context, id string) (*models.Series, error) {
	sr, err := scanSeries(s.reader(ctx).QueryRowContext(ctx, `SELECT id, organisation_id, series_signup, created_at, updated_at
		FROM series WHERE id = ?`, id))
	return sr, notFound(err, "series")
}

func scanSeries(sc scanner) (*models.Series, error) {
	var (
		sr               models.Series
		flag             int
		created, updated int64
	)
	if err := sc.Scan(&sr.ID, &sr.OrganisationID, &flag, &created, &updated); err != nil {
		return nil, err
	}
	sr.SeriesSignup, sr.CreatedAt, sr.UpdatedAt = flag == 1, fromMS(created), fromMS(updated)
	return &sr, nil
}

// ActivitiesOfSeries reads a series' activities through activities_by_series.
func (s *Store) ActivitiesOfSeries(ctx context.Context, id string, limit int) ([]models.Activity, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+activityColumns+` FROM activities
		WHERE series_id = ? ORDER BY starts_at, id LIMIT ?`, id, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanActivity)
}

const seriesSignupColumns = `id, series_id, organisation_id, name, email, phone, party_size, language, answers, status,
	active_key, manage_token_hash, consent_at, created_at, updated_at, cancelled_at, erased_at`

func scanSeriesSignup(sc scanner) (*models.SeriesSignup, error) {
	var (
		ss                        models.SeriesSignup
		answers                   sql.NullString
		cancelled, erased         sql.NullInt64
		consent, created, updated int64
	)
	err := sc.Scan(&ss.ID, &ss.SeriesID, &ss.OrganisationID, &ss.Name, &ss.Email, &ss.Phone, &ss.PartySize,
		&ss.Language, &answers, &ss.Status, &ss.ActiveKey, &ss.ManageTokenHash, &consent, &created, &updated,
		&cancelled, &erased)
	if err != nil {
		return nil, err
	}
	if err := fromJSON(answers, &ss.Answers); err != nil {
		return nil, err
	}
	ss.CancelledAt, ss.ErasedAt = timePtr(cancelled), timePtr(erased)
	ss.ConsentAt, ss.CreatedAt, ss.UpdatedAt = fromMS(consent), fromMS(created), fromMS(updated)
	return &ss, nil
}

// InsertSeriesSignup stores a new series signup; the unique active_key
// decides "one series signup per email".
func (s *Store) InsertSeriesSignup(ctx context.Context, ss *models.SeriesSignup) error {
	var answers any
	if len(ss.Answers) > 0 {
		answers = mustJSON(ss.Answers)
	}
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO series_signups (`+seriesSignupColumns+`) VALUES (`+
		placeholders(17)+`)`,
		ss.ID, ss.SeriesID, ss.OrganisationID, ss.Name, ss.Email, ss.Phone, ss.PartySize, ss.Language, answers,
		ss.Status, ss.ActiveKey, ss.ManageTokenHash, ms(ss.ConsentAt), ms(ss.CreatedAt), ms(ss.UpdatedAt),
		msPtr(ss.CancelledAt), msPtr(ss.ErasedAt))
	if !isUnique(err, "") {
		return err
	}
	if taken, ierr := exists(ctx, s.writer(ctx), `SELECT 1 FROM series_signups WHERE id = ?`, ss.ID); ierr != nil {
		return ierr
	} else if taken || !isUnique(err, "series_signups.active_key") {
		return models.Errorf(models.ErrConflict, "series signup %s exists", ss.ID)
	}
	return models.Errorf(models.ErrAlreadyRegistered, "email already signed up for the series")
}

// SeriesSignupByID finds a series signup by id.
func (s *Store) SeriesSignupByID(ctx context.Context, id string) (*models.SeriesSignup, error) {
	ss, err := scanSeriesSignup(s.reader(ctx).QueryRowContext(ctx, `SELECT `+seriesSignupColumns+
		` FROM series_signups WHERE id = ?`, id))
	return ss, notFound(err, "series signup")
}

// SeriesSignupByTokenHash finds a series signup by its answer's token
// hash, else through the outbox record whose link has it.
func (s *Store) SeriesSignupByTokenHash(ctx context.Context, hash string) (*models.SeriesSignup, error) {
	ss, err := scanSeriesSignup(s.reader(ctx).QueryRowContext(ctx, `SELECT `+seriesSignupColumns+
		` FROM series_signups WHERE manage_token_hash = ?1
		UNION ALL
		SELECT `+seriesSignupColumns+` FROM series_signups
		WHERE id = (SELECT signup_id FROM outbox WHERE link_token_hash = ?1 AND link_token_hash != '')
		LIMIT 1`, hash))
	return ss, notFound(err, "series signup")
}

// ReplaceSeriesManageToken sets the hash of the answer's token.
func (s *Store) ReplaceSeriesManageToken(ctx context.Context, id, hash string) (bool, error) {
	return s.execOne(ctx, `UPDATE series_signups SET manage_token_hash = ? WHERE id = ? AND erased_at IS NULL`, hash, id)
}

// SetSeriesSignupStatus moves a series signup from one of from to status.
func (s *Store) SetSeriesSignupStatus(ctx context.Context, id string, from []string, status string, now time.Time) (bool, error) {
	set := `status = ?, updated_at = ?`
	if status == models.SeriesSignupCancelled {
		set += `, active_key = id, cancelled_at = ?`
	}
	vals := []any{status, ms(now)}
	if status == models.SeriesSignupCancelled {
		vals = append(vals, ms(now))
	}
	vals = append(append(vals, id), args(from)...)
	return s.execOne(ctx, `UPDATE series_signups SET `+set+` WHERE id = ? AND status IN (`+
		placeholders(len(from))+`)`, vals...)
}

// EraseSeriesSignup deletes the personal data of a decided series signup.
func (s *Store) EraseSeriesSignup(ctx context.Context, id string, now time.Time) (bool, error) {
	return s.execOne(ctx, `UPDATE series_signups SET name = '', email = '', phone = '', answers = NULL,
		active_key = id, manage_token_hash = 'erased:' || id, erased_at = ?, updated_at = ?
		WHERE id = ? AND status != 'pending'`, ms(now), ms(now), id)
}

// SeriesSignupsOf reads a series' signups through series_signups_by_series.
func (s *Store) SeriesSignupsOf(ctx context.Context, seriesID string, statuses []string, limit int) ([]models.SeriesSignup, error) {
	where, vals := `series_id = ?`, []any{seriesID}
	if len(statuses) > 0 {
		where += ` AND status IN (` + placeholders(len(statuses)) + `)`
		vals = append(vals, args(statuses)...)
	}
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+seriesSignupColumns+` FROM series_signups WHERE `+
		where+` ORDER BY created_at, id LIMIT ?`, append(vals, limit)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSeriesSignup)
}

// PendingSeriesSignups reads series_signups_pending.
func (s *Store) PendingSeriesSignups(ctx context.Context, createdBefore time.Time, limit int) ([]models.SeriesSignup, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+seriesSignupColumns+` FROM series_signups
		WHERE status = 'pending' AND created_at < ? ORDER BY created_at, id LIMIT ?`, ms(createdBefore), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSeriesSignup)
}

// SignupsOfSeriesSignups reads signups_by_series_signup.
func (s *Store) SignupsOfSeriesSignups(ctx context.Context, ids []string) ([]models.Signup, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return collectSignups(s.reader(ctx).QueryContext(ctx, `SELECT `+signupColumns+` FROM signups
		WHERE series_signup_id IN (`+placeholders(len(ids))+`) AND status != 'pending'`, args(ids)...))
}
