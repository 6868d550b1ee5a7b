package sqlite

import (
	"context"
	"database/sql"

	"github.com/agora-events/agora/models"
)

const organisationColumns = `id, slug, name, country, timezone, default_language, contact, created_at`

func scanOrganisation(sc scanner) (*models.Organisation, error) {
	var (
		o       models.Organisation
		created int64
		contact sql.NullString
	)
	if err := sc.Scan(&o.ID, &o.Slug, &o.Name, &o.Country, &o.Timezone, &o.DefaultLanguage, &contact, &created); err != nil {
		return nil, err
	}
	if err := fromJSON(contact, &o.Contact); err != nil {
		return nil, err
	}
	o.CreatedAt = fromMS(created)
	return &o, nil
}

// InsertOrganisation stores a new organisation; a taken slug (or id) is
// conflict.
func (s *Store) InsertOrganisation(ctx context.Context, o *models.Organisation) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO organisations (`+organisationColumns+`) VALUES (`+
		placeholders(8)+`)`, o.ID, o.Slug, o.Name, o.Country, o.Timezone, o.DefaultLanguage, mustJSON(o.Contact),
		ms(o.CreatedAt))
	switch {
	case isUnique(err, "organisations.slug"):
		return models.Errorf(models.ErrConflict, "slug taken")
	case isUnique(err, ""):
		return models.Errorf(models.ErrConflict, "organisation %s exists", o.ID)
	}
	return err
}

// SetOrganisationContact replaces an organisation's contact.
func (s *Store) SetOrganisationContact(ctx context.Context, id string, c models.Contact) error {
	n, err := s.execCount(ctx, `UPDATE organisations SET contact = ? WHERE id = ?`, mustJSON(c), id)
	if err == nil && n == 0 {
		err = sql.ErrNoRows
	}
	return notFound(err, "organisation")
}

// OrganisationByID finds an organisation by id.
func (s *Store) OrganisationByID(ctx context.Context, id string) (*models.Organisation, error) {
	o, err := scanOrganisation(s.reader(ctx).QueryRowContext(ctx,
		`SELECT `+organisationColumns+` FROM organisations WHERE id = ?`, id))
	return o, notFound(err, "organisation")
}

// OrganisationBySlug finds an organisation by slug.
func (s *Store) OrganisationBySlug(ctx context.Context, slug string) (*models.Organisation, error) {
	o, err := scanOrganisation(s.reader(ctx).QueryRowContext(ctx,
		`SELECT `+organisationColumns+` FROM organisations WHERE slug = ?`, slug))
	return o, notFound(err, "organisation")
}

// ListOrganisations returns up to limit organisations in slug order after
// afterSlug ("" for the first page), walking the slug's unique index.
func (s *Store) ListOrganisations(ctx context.Context, afterSlug string, limit int) ([]models.Organisation, error) {
	where, vals := "", []any{}
	if afterSlug != "" {
		where, vals = ` WHERE slug > ?`, append(vals, afterSlug)
	}
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+organisationColumns+` FROM organisations`+where+
		` ORDER BY slug LIMIT ?`, append(vals, limitOrAll(limit))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []models.Organisation{}
	for rows.Next() {
		o, err := scanOrganisation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}

// CountOrganisations returns how many organisations exist.
func (s *Store) CountOrganisations(ctx context.Context) (int64, error) {
	return s.queryCount(ctx, `SELECT COUNT(*) FROM organisations`)
}

// queryCount runs a query of one integer.
func (s *Store) queryCount(ctx context.Context, query string, vals ...any) (int64, error) {
	var n int64
	err := s.reader(ctx).QueryRowContext(ctx, query, vals...).Scan(&n)
	return n, err
}

// limitOrAll is a page size as SQL's LIMIT takes it: a limit of zero or
// less means no limit, as it does on MongoDB (LIMIT -1 in SQLite).
func limitOrAll(limit int) int {
	if limit <= 0 {
		return -1
	}
	return limit
}
