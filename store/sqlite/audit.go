package sqlite

import (
	"context"
	"strings"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

const auditColumns = `id, organisation_id, actor_id, actor_email, actor_role, action, target_type, target_id, detail, at`

// InsertAudit appends an entry to the audit log; an existing id is
// conflict. Entries are never updated.
func (s *Store) InsertAudit(ctx context.Context, e *models.AuditEntry) error {
	_, err := s.writer(ctx).ExecContext(ctx, `INSERT INTO audit (`+auditColumns+`) VALUES (`+placeholders(10)+`)`,
		e.ID, e.OrganisationID, e.ActorID, e.ActorEmail, e.ActorRole, e.Action, e.TargetType, e.TargetID, e.Detail,
		ms(e.At))
	if isUnique(err, "") {
		return models.Errorf(models.ErrConflict, "audit entry %s exists", e.ID)
	}
	return err
}

// ListAudit returns one page of the audit log, newest first (by time, then
// id), after the cursor when given. The row-value comparison lets the
// planner start the backward walk of audit_by_organisation (one
// organisation) or audit_by_time (all) at the cursor and stop at the limit.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) ([]models.AuditEntry, error) {
	var where []string
	var vals []any
	if f.OrganisationID != "" {
		where, vals = append(where, `organisation_id = ?`), append(vals, f.OrganisationID)
	}
	if c := f.After; c != nil {
		where, vals = append(where, `(at, id) < (?, ?)`), append(vals, ms(c.At), c.ID)
	}
	query := `SELECT ` + auditColumns + ` FROM audit`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := s.reader(ctx).QueryContext(ctx, query+` ORDER BY at DESC, id DESC LIMIT ?`,
		append(vals, limitOrAll(f.Limit))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []models.AuditEntry{}
	for rows.Next() {
		var (
			e  models.AuditEntry
			at int64
		)
		if err := rows.Scan(&e.ID, &e.OrganisationID, &e.ActorID, &e.ActorEmail, &e.ActorRole, &e.Action,
			&e.TargetType, &e.TargetID, &e.Detail, &at); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
