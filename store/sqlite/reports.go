package sqlite

import (
	"context"
	"strings"

	"github.com/agora-events/agora/store"
)

// attendanceQuery counts, per published activity in the window, its
// signups by status. signup_counts holds one row per activity and status
// (at most six), kept by triggers in the transaction of every signup
// write, so the signups table is never read: the planner walks the
// window's range of activities_by_start (status, starts_at), or of
// activities_by_organisation (organisation_id, starts_at) for one
// organisation, and for each activity seeks its few counter rows by their
// primary key. The cost is the number of activities in the window times
// a handful of index lookups, whatever the number of signups.
// (Signups: every status but pending; People: party members confirmed,
// attended or no-show; Attended and NoShow: party members checked in so.)
const attendanceQuery = `SELECT a.id, a.kind, a.timezone, a.starts_at,
	IFNULL(SUM(CASE WHEN c.status IN ('confirmed', 'offered', 'waitlisted', 'pending_draw', 'cancelled', 'attended', 'no_show') THEN c.signups END), 0),
	IFNULL(SUM(CASE WHEN c.status IN ('confirmed', 'attended', 'no_show') THEN c.people END), 0),
	IFNULL(SUM(CASE WHEN c.status = 'attended' THEN c.people END), 0),
	IFNULL(SUM(CASE WHEN c.status = 'no_show' THEN c.people END), 0)
FROM activities a LEFT JOIN signup_counts c ON c.activity_id = a.id
WHERE `

// AttendanceByActivity returns the attendance figures of each published
// activity q selects, from the per-activity counters in signup_counts
// (see attendanceQuery): its cost follows the number of activities in the
// window, not the number of signups.
func (s *Store) AttendanceByActivity(ctx context.Context, q store.ReportQuery) ([]store.ActivityFigures, error) {
	query, vals := attendanceSQL(q)
	rows, err := s.reader(ctx).QueryContext(ctx, query, vals...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.ActivityFigures{}
	for rows.Next() {
		var (
			f      store.ActivityFigures
			starts int64
		)
		if err := rows.Scan(&f.ID, &f.Kind, &f.Timezone, &starts, &f.Signups, &f.People, &f.Attended, &f.NoShow); err != nil {
			return nil, err
		}
		f.StartsAt, f.Activities = fromMS(starts), 1
		out = append(out, f)
	}
	return out, rows.Err()
}

// UniquePeople counts the distinct person keys of the seat-holding
// signups of the activities q selects: for each activity of the window,
// its signups through signups_by_activity.
func (s *Store) UniquePeople(ctx context.Context, q store.ReportQuery) (int, error) {
	query, vals := uniquePeopleSQL(q)
	var n int
	err := s.reader(ctx).QueryRowContext(ctx, query, vals...).Scan(&n)
	return n, err
}

// uniquePeopleSQL is the query of UniquePeople for q, with its values.
func uniquePeopleSQL(q store.ReportQuery) (string, []any) {
	where, vals := reportWhere(q)
	return `SELECT COUNT(DISTINCT s.person_key)
		FROM activities a JOIN signups s ON s.activity_id = a.id
		WHERE s.status IN ('confirmed', 'attended', 'no_show') AND s.person_key != '' AND ` + where, vals
}

// attendanceSQL is the query of AttendanceByActivity for q, with its
// values.
func attendanceSQL(q store.ReportQuery) (string, []any) {
	where, vals := reportWhere(q)
	return attendanceQuery + where + ` GROUP BY a.id`, vals
}

// reportWhere is the condition selecting the activities of q, with its
// values.
func reportWhere(q store.ReportQuery) (string, []any) {
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
	return strings.Join(where, ` AND `), vals
}
