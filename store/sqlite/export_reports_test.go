package sqlite

import (
	"context"

	"github.com/agora-events/agora/store"
)

// AttendanceSQL exposes the report's query to the plan tests.
var AttendanceSQL = func(q store.ReportQuery) (string, []any) { return attendanceSQL(q) }

// UniquePeopleSQL exposes the unique people's query to the plan tests.
var UniquePeopleSQL = func(q store.ReportQuery) (string, []any) { return uniquePeopleSQL(q) }

// QueryPlan returns the details of EXPLAIN QUERY PLAN for query, as the
// read pool would run it.
func QueryPlan(ctx context.Context, s *Store, query string, vals ...any) ([]string, error) {
	return queryPlan(ctx, s.read, query, vals...)
}

// queryPlan returns the details of EXPLAIN QUERY PLAN for query on q.
func queryPlan(ctx context.Context, q querier, query string, vals ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, vals...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		out = append(out, detail)
	}
	return out, rows.Err()
}
