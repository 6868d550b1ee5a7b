package sqlite

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/transfer"
)

// Export and Import move the whole database through transfer's
// model-level records (see store/transfer). The places table comes out as
// each activity's seat holders and waiting list and goes back in from
// them; the counters (seats_taken, waitlist_count, signup_counts) are
// derived again on import, never carried.

var _ interface {
	transfer.Exporter
	transfer.Importer
} = (*Store)(nil)

// Export hands every record to sink, each table in key order, from one
// read transaction: a consistent snapshot, even of a file another
// connection writes to.
func (s *Store) Export(ctx context.Context, sink transfer.Sink) error {
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read only: nothing to undo
	steps := []func() error{
		func() error {
			return eachScanned(ctx, tx, `SELECT `+organisationColumns+` FROM organisations ORDER BY id`,
				scanOrganisation, sink.Organisation)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+userColumns+` FROM users ORDER BY id`, scanUser, sink.User)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+tokenColumns+` FROM sessions ORDER BY token_hash`,
				scanToken[models.Session], sink.Session)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+tokenColumns+` FROM invitations ORDER BY token_hash`,
				scanToken[models.Invitation], sink.Invitation)
		},
		func() error { return s.exportActivities(ctx, tx, sink) },
		func() error {
			return eachScanned(ctx, tx, `SELECT `+signupColumns+` FROM signups ORDER BY id`, scanSignup, sink.Signup)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+messageColumns+` FROM messages ORDER BY id`, scanMessage, sink.Message)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+outboxColumns+`, `+outboxBodyColumns+` FROM outbox ORDER BY id`,
				func(sc scanner) (*transfer.Email, error) {
					e, err := scanOutbox(sc, true)
					if err != nil {
						return nil, err
					}
					return &transfer.Email{OutboxEmail: *e}, nil
				}, sink.Email)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+idempotencyColumns+` FROM idempotency ORDER BY key_hash`,
				scanIdempotency, sink.IdempotencyKey)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+auditColumns+` FROM audit ORDER BY id`, scanAudit, sink.AuditEntry)
		},
		func() error { return exportCertificates(ctx, tx, sink) },
		func() error {
			return eachScanned(ctx, tx, `SELECT id, organisation_id, series_signup, created_at, updated_at
				FROM series ORDER BY id`, scanSeries, sink.Series)
		},
		func() error {
			return eachScanned(ctx, tx, `SELECT `+seriesSignupColumns+` FROM series_signups ORDER BY id`,
				scanSeriesSignup, sink.SeriesSignup)
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// eachScanned runs query and calls fn with each row as scan reads it.
func eachScanned[T any](ctx context.Context, q querier, query string, scan func(scanner) (*T, error),
	fn func(*T) error, vals ...any) error {
	rows, err := q.QueryContext(ctx, query, vals...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// exportBatch is how many activities are read before their places are.
const exportBatch = 200

// exportActivities reads activities a batch at a time (keyset by id), then
// each one's places, so that no two statements are open at once.
func (s *Store) exportActivities(ctx context.Context, q querier, sink transfer.Sink) error {
	after := ""
	for {
		var batch []*transfer.Activity
		err := eachScanned(ctx, q, `SELECT `+activityColumns+`, reminders_queued_at, personal_data_erased_at
			FROM activities WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(exportBatch),
			func(sc scanner) (*transfer.Activity, error) {
				var reminded, erased sql.NullInt64
				a, err := scanActivity(extraColumns{sc, []any{&reminded, &erased}})
				if err != nil {
					return nil, err
				}
				return &transfer.Activity{Activity: *a, RemindersQueuedAt: timePtr(reminded),
					PersonalDataErasedAt: timePtr(erased)}, nil
			},
			func(a *transfer.Activity) error {
				batch = append(batch, a)
				return nil
			}, after)
		if err != nil {
			return err
		}
		for _, a := range batch {
			if err := s.loadPlaces(ctx, q, &a.Activity); err != nil {
				return err
			}
			if err := sink.Activity(a); err != nil {
				return err
			}
			after = a.ID
		}
		if len(batch) < exportBatch {
			return nil
		}
	}
}

// extraColumns scans the columns a scan function reads, then more.
type extraColumns struct {
	sc    scanner
	extra []any
}

func (e extraColumns) Scan(dest ...any) error { return e.sc.Scan(append(dest, e.extra...)...) }

const tokenColumns = `token_hash, user_id, expires_at, created_at`

// scanToken reads a session or a set-password link, which have the same
// columns.
func scanToken[T models.Session | models.Invitation](sc scanner) (*T, error) {
	var (
		hash, user       string
		expires, created int64
	)
	if err := sc.Scan(&hash, &user, &expires, &created); err != nil {
		return nil, err
	}
	t := T{TokenHash: hash, UserID: user, ExpiresAt: fromMS(expires), CreatedAt: fromMS(created)}
	return &t, nil
}

const idempotencyColumns = `key_hash, request_hash, state, resource_id, lease_until, status, body, content_type,
	created_at, expires_at`

func scanIdempotency(sc scanner) (*models.IdempotencyRecord, error) {
	var (
		r                       models.IdempotencyRecord
		lease, created, expires int64
		body                    []byte
	)
	if err := sc.Scan(&r.KeyHash, &r.RequestHash, &r.State, &r.ResourceID, &lease, &r.Status, &body,
		&r.ContentType, &created, &expires); err != nil {
		return nil, err
	}
	if len(body) > 0 {
		r.Body = body
	}
	r.LeaseUntil, r.CreatedAt, r.ExpiresAt = fromMS(lease), fromMS(created), fromMS(expires)
	return &r, nil
}

func scanAudit(sc scanner) (*models.AuditEntry, error) {
	var (
		e  models.AuditEntry
		at int64
	)
	if err := sc.Scan(&e.ID, &e.OrganisationID, &e.ActorID, &e.ActorEmail, &e.ActorRole, &e.Action,
		&e.TargetType, &e.TargetID, &e.Detail, &at); err != nil {
		return nil, err
	}
	e.At = fromMS(at)
	return &e, nil
}
