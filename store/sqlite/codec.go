package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ms is a time as stored: milliseconds since 1970 UTC.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS is a stored time, in UTC.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// msPtr stores an optional time (NULL when nil).
func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

// timePtr reads an optional time.
func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// jsonText stores a value as JSON text.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("store: encode: %w", err)
	}
	return string(b), nil
}

// mustJSON is jsonText for values of our own types, which always encode.
func mustJSON(v any) string {
	s, err := jsonText(v)
	if err != nil {
		panic(err)
	}
	return s
}

// fromJSON reads JSON text into v; NULL or empty text leaves v as it is.
func fromJSON(text sql.NullString, v any) error {
	if !text.Valid || text.String == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(text.String), v); err != nil {
		return fmt.Errorf("store: decode: %w", err)
	}
	return nil
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// args turns strings into query arguments.
func args(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// boolInt stores a bool.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (*T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// strings runs a query of one text column.
func (s *Store) strings(ctx context.Context, query string, vals ...any) ([]string, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, query, vals...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
