package sqlite

// The reads over many activities: counting, listing a page, and walking
// those the reconciler visits.

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// CountActivities returns how many activities exist.
func (s *Store) CountActivities(ctx context.Context) (int64, error) {
	var n int64
	err := s.reader(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM activities`).Scan(&n)
	return n, err
}

// ListActivities returns the activities matching q by start time then id
// (both descending when q.Descending), without their places. The planner walks activities_by_start (or
// activities_by_organisation) from the cursor and stops at the limit.
func (s *Store) ListActivities(ctx context.Context, q store.ActivityQuery) ([]models.Activity, error) {
	var where []string
	var vals []any
	var scopes []string
	for _, sc := range q.Scopes {
		c := `status IN (` + placeholders(len(sc.Statuses)) + `)`
		vals = append(vals, args(sc.Statuses)...)
		if sc.OrganisationID != "" {
			c += ` AND organisation_id = ?`
			vals = append(vals, sc.OrganisationID)
		}
		scopes = append(scopes, "("+c+")")
	}
	if len(scopes) == 0 {
		return []models.Activity{}, nil
	}
	where = append(where, "("+strings.Join(scopes, " OR ")+")", "ends_at > ?")
	vals = append(vals, ms(q.EndsAfter))
	if q.EndedBy != nil {
		where, vals = append(where, "ends_at <= ?"), append(vals, ms(*q.EndedBy))
	}
	if q.Kind != "" {
		where, vals = append(where, "kind = ?"), append(vals, q.Kind)
	}
	if q.Language != "" {
		where, vals = append(where, "EXISTS (SELECT 1 FROM json_each(activities.languages) WHERE value = ?)"), append(vals, q.Language)
	}
	if q.OrganisationID != "" {
		where, vals = append(where, "organisation_id = ?"), append(vals, q.OrganisationID)
	}
	if q.From != nil {
		where, vals = append(where, "starts_at >= ?"), append(vals, ms(*q.From))
	}
	if q.To != nil {
		where, vals = append(where, "starts_at <= ?"), append(vals, ms(*q.To))
	}
	if q.Text != "" {
		where, vals = append(where, "instr(search_text, ?) > 0"), append(vals, q.Text)
	}
	cmp, order := ">", "starts_at, id"
	if q.Descending {
		cmp, order = "<", "starts_at DESC, id DESC"
	}
	if c := q.After; c != nil {
		where, vals = append(where, "(starts_at "+cmp+" ? OR (starts_at = ? AND id "+cmp+" ?))"), append(vals, ms(c.StartsAt), ms(c.StartsAt), c.ID)
	}
	vals = append(vals, q.Limit)
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+activityColumns+` FROM activities WHERE `+
		strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ?`, vals...)
	if err != nil {
		return nil, err
	}
	return collectActivities(rows)
}

func collectActivities(rows *sql.Rows) ([]models.Activity, error) { return collect(rows, scanActivity) }

// EachActivityToReconcile calls fn with the id of every activity not
// ended at notEndedAt, in id order, 200 at a time, holding no cursor while
// fn works.
func (s *Store) EachActivityToReconcile(ctx context.Context, notEndedAt time.Time, fn func(id string) error) error {
	after := ""
	for {
		ids, err := s.strings(ctx, `SELECT id FROM activities WHERE ends_at > ? AND id > ? ORDER BY id LIMIT 200`,
			ms(notEndedAt), after)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := fn(id); err != nil {
				return err
			}
			after = id
		}
		if len(ids) < 200 {
			return nil
		}
	}
}
