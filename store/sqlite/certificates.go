package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/transfer"
)

const certificateColumns = `id, signup_id, activity_id, organisation_id, title, organisation_name, language, timezone, sessions,
	minutes, name_hash, issued_at, revoked_at`

// InsertCertificate stores a new certificate; an existing id is conflict.
func (s *Store) InsertCertificate(ctx context.Context, c *models.Certificate) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO certificates (`+certificateColumns+`) VALUES (`+
		placeholders(13)+`)`, c.ID, c.SignupID, c.ActivityID, c.OrganisationID, mustJSON(c.Title),
		c.OrganisationName, c.Language, c.Timezone, mustJSON(c.Sessions), c.Minutes, c.NameHash, ms(c.IssuedAt), msPtr(c.RevokedAt))
	if isUnique(err, "") {
		return models.Errorf(models.ErrConflict, "certificate exists")
	}
	return err
}

// CertificateByID finds a certificate by the hash of its code.
func (s *Store) CertificateByID(ctx context.Context, id string) (*models.Certificate, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	cs, err := scanCertificates(rows)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, notFound(sql.ErrNoRows, "certificate")
	}
	return &cs[0], nil
}

// RevokeCertificate marks a certificate revoked unless it is already.
func (s *Store) RevokeCertificate(ctx context.Context, id string, now time.Time) (bool, error) {
	n, err := s.execCount(ctx, `UPDATE certificates SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, ms(now), id)
	if err != nil || n > 0 {
		return n > 0, err
	}
	if _, err := s.CertificateByID(ctx, id); err != nil {
		return false, err
	}
	return false, nil
}

// CertificatesOfActivity returns an activity's certificates in issue order.
func (s *Store) CertificatesOfActivity(ctx context.Context, activityID string) ([]models.Certificate, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+certificateColumns+
		` FROM certificates WHERE activity_id = ? ORDER BY issued_at, id`, activityID)
	if err != nil {
		return nil, err
	}
	return scanCertificates(rows)
}

func scanCertificates(rows *sql.Rows) ([]models.Certificate, error) {
	defer rows.Close()
	out := []models.Certificate{}
	for rows.Next() {
		var (
			c               models.Certificate
			title, sessions sql.NullString
			issued          int64
			revoked         sql.NullInt64
		)
		if err := rows.Scan(&c.ID, &c.SignupID, &c.ActivityID, &c.OrganisationID, &title, &c.OrganisationName,
			&c.Language, &c.Timezone, &sessions, &c.Minutes, &c.NameHash, &issued, &revoked); err != nil {
			return nil, err
		}
		if err := fromJSON(title, &c.Title); err != nil {
			return nil, err
		}
		if err := fromJSON(sessions, &c.Sessions); err != nil {
			return nil, err
		}
		c.IssuedAt, c.RevokedAt = fromMS(issued), timePtr(revoked)
		out = append(out, c)
	}
	return out, rows.Err()
}

// exportCertificates hands every certificate to sink in id order, from the
// export's read transaction.
func exportCertificates(ctx context.Context, q querier, sink transfer.Sink) error {
	rows, err := q.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates ORDER BY id`)
	if err != nil {
		return err
	}
	cs, err := scanCertificates(rows)
	if err != nil {
		return err
	}
	for i := range cs {
		if err := sink.Certificate(&cs[i]); err != nil {
			return err
		}
	}
	return nil
}

// SeriesSessions returns the sessions of a series (activities_by_series).
func (s *Store) SeriesSessions(ctx context.Context, seriesID string) ([]models.Activity, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT id, status, starts_at, ends_at FROM activities
		WHERE series_id = ? ORDER BY starts_at, id`, seriesID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []models.Activity{}
	for rows.Next() {
		var (
			a            models.Activity
			starts, ends int64
		)
		if err := rows.Scan(&a.ID, &a.Status, &starts, &ends); err != nil {
			return nil, err
		}
		a.StartsAt, a.EndsAt = fromMS(starts), fromMS(ends)
		out = append(out, a)
	}
	return out, rows.Err()
}
