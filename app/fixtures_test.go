package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the driver of the app's own database file

	"github.com/agora-events/agora/store/sqlite"
)

// database opens the app's own SQLite file beside the running service,
// for the few states the API cannot produce on purpose (a draft that
// somehow has a signup) and for checking what the API stored. The service
// holds the data directory's lock, not the file's: SQLite lets both in,
// one writer at a time.
func (a *testApp) database(t testing.TB) *sql.DB {
	t.Helper()
	path := filepath.Join(a.env["DATA_DIR"], sqlite.FileName)
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// insertSignupDoc stores a signup row for an activity directly.
func (a *testApp) insertSignupDoc(t testing.TB, activityID, status string) {
	t.Helper()
	id := "fixture-" + activityID + "-" + status
	now := time.Now().UnixMilli()
	_, err := a.database(t).ExecContext(t.Context(), `INSERT INTO signups (id, activity_id, organisation_id, name, email,
		party_size, language, status, active_key, manage_token_hash, consent_at, created_at, updated_at)
		SELECT ?, id, organisation_id, '', '', 1, 'en', ?, ?, ?, ?, ?, ? FROM activities WHERE id = ?`,
		id, status, id, id, now, now, now, activityID)
	if err != nil {
		t.Fatal(err)
	}
}

// whereStored returns, for each needle found anywhere in the app's
// database (any table, any column), the tables that hold it: the proof
// that erased data is gone, not merely hidden by the API.
func (a *testApp) whereStored(t testing.TB, needles ...string) map[string][]string {
	t.Helper()
	db := a.database(t)
	rows, err := db.QueryContext(t.Context(), `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	found := map[string][]string{}
	for _, table := range tables {
		rows, err := db.QueryContext(t.Context(), `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		hit := map[string]bool{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				var s string
				switch v := v.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				default:
					continue
				}
				for _, n := range needles {
					if strings.Contains(s, n) && !hit[n] {
						hit[n] = true
						found[n] = append(found[n], table)
					}
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return found
}
