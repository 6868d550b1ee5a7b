package sqlite

import (
	"context"
	"strings"

	"github.com/agora-events/agora/store"
)

// attendanceQuery sums, per kind, the counters of the published
// activities in the window. signup_counts holds one row per activity and
// status (at most six), kept by triggers in the transaction of every
// signup write, so the signups table is never read: the planner walks the
// window's range of activities_by_start (status, starts_at), or of
// activities_by_organisation (organisation_id, starts_at) for one
// organisation, and for each activity seeks its few counter rows by their
// primary key. The cost is the number of activities in the window times
// a handful of index lookups, whatever the number of signups.
// (Activities: published activities; Signups: every status but pending;
// People: party members confirmed, attended or no-show; Attended and
// NoShow: party members checked in so.)
const attendanceQuery = `SELECT a.kind, COUNT(DISTINCT a.id),
	IFNULL(SUM(CASE WHEN c.status IN ('confirmed', 'offered', 'waitlisted', 'pending_draw', 'cancelled', 'attended', 'no_show') THEN c.signups END), 0),
	IFNULL(SUM(CASE WHEN c.status IN ('confirmed', 'attended', 'no_show') THEN c.people END), 0),
	IFNULL(SUM(CASE WHEN c.status = 'attended' THEN c.people END), 0),
	IFNULL(SUM(CASE WHEN c.status = 'no_show' THEN c.people END), 0)
FROM activities a LEFT JOIN signup_counts c ON c.activity_id = a.id
WHERE `

// AttendanceByKind sums the attendance figures of the published
// activities q selects, per kind, from the per-activity counters in
// signup_counts (see attendanceQuery): its cost follows the number of
// activities in the window, not the number of signups. Kinds without an
// activity in the window are absent.
func (s *Store) AttendanceByKind(ctx context.Context, q store.ReportQuery) (map[string]store.KindFigures, error) {
	query, vals := attendanceSQL(q)
	rows, err := s.reader(ctx).QueryContext(ctx, query, vals...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]store.KindFigures{}
	for rows.Next() {
		var (
			kind string
			f    store.KindFigures
		)
		if err := rows.Scan(&kind, &f.Activities, &f.Signups, &f.People, &f.Attended, &f.NoShow); err != nil {
			return nil, err
		}
		out[kind] = f
	}
	return out, rows.Err()
}

// attendanceSQL is the query of AttendanceByKind for q, with its values.
func attendanceSQL(q store.ReportQuery) (string, []any) {
	where, vals := []string{`a.status = 'published'`}, []any{}
	if q.OrganisationID != "" {
		// The unary + keeps status out of the index choice: one
		// organisation's activities are fewer than everyone's published ones.
		where[0] = `+a.status = 'published'`
		where, vals = append(where, `a.organisation_id = ?`), append(vals, q.OrganisationID)
	}
	if q.From != nil {
		where, vals = append(where, `a.starts_at >= ?`), append(vals, ms(*q.From))
	}
	if q.To != nil {
		where, vals = append(where, `a.starts_at <= ?`), append(vals, ms(*q.To))
	}
	return attendanceQuery + strings.Join(where, ` AND `) + ` GROUP BY a.kind`, vals
}
