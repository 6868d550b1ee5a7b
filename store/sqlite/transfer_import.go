package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/transfer"
)

// importTables are the tables an import fills; any row in one of them
// makes the store not empty.
var importTables = []string{"organisations", "users", "sessions", "invitations", "activities", "signups",
	"places", "messages", "outbox", "idempotency", "audit", "certificates", "series", "series_signups"}

// Import loads the records load hands over in one transaction, which
// commits only if every record went in and every reference holds: a
// failed import leaves the store as it was. References are checked at the
// end (deferred foreign keys), so that an activity's places may come
// before its signups. Each activity's places come from its seat holders
// (in order) and waiting list (in order), and its seats_taken and
// waitlist_count from them; signup_counts follows the signups through its
// triggers.
func (s *Store) Import(ctx context.Context, load func(sink transfer.Sink) error) error {
	return s.Atomic(ctx, func(ctx context.Context) error {
		q := s.writer(ctx)
		for _, t := range importTables {
			if found, err := exists(ctx, q, `SELECT 1 FROM `+t+` LIMIT 1`); err != nil || found {
				if err != nil {
					return err
				}
				return fmt.Errorf("%w (table %s has rows)", transfer.ErrNotEmpty, t)
			}
		}
		if _, err := q.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		if err := load(&sqliteLoader{ctx: ctx, s: s, q: q}); err != nil {
			return err
		}
		return checkImport(ctx, q)
	})
}

// foreignKeys names the key column of each table that refers to another,
// for the message about a broken reference.
var foreignKeys = map[string]string{"sessions": "token_hash", "invitations": "token_hash", "activities": "id",
	"signups": "id", "places": "signup_id"}

// checkImport refuses what the tables' references cannot hold: a record
// whose parent is missing, or a place held by a signup of another
// activity.
func checkImport(ctx context.Context, q querier) error {
	var table, parent string
	var rowid int64
	var fkid int
	err := q.QueryRowContext(ctx, `PRAGMA foreign_key_check`).Scan(&table, &rowid, &parent, &fkid)
	if err == nil {
		key := "?"
		if col, ok := foreignKeys[table]; ok {
			_ = q.QueryRowContext(ctx, `SELECT `+col+` FROM `+table+` WHERE rowid = ?`, rowid).Scan(&key)
		}
		return fmt.Errorf("%s %s refers to a missing row of %s", table, key, parent)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var activityID, signupID string
	err = q.QueryRowContext(ctx, `SELECT p.activity_id, p.signup_id FROM places p JOIN signups s ON s.id = p.signup_id
		WHERE s.activity_id != p.activity_id LIMIT 1`).Scan(&activityID, &signupID)
	if err == nil {
		return fmt.Errorf("activity %s lists signup %s, which belongs to another activity", activityID, signupID)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// sqliteLoader is the Sink of an import, inside its transaction (ctx). A
// record whose fields every Insert method stores as they are goes through
// that method; activities and emails carry more than their Insert takes.
type sqliteLoader struct {
	ctx context.Context
	s   *Store
	q   querier
}

func (l *sqliteLoader) Organisation(o *models.Organisation) error {
	return wrapImport("organisation", o.ID, l.s.InsertOrganisation(l.ctx, o))
}
func (l *sqliteLoader) User(u *models.User) error {
	return wrapImport("user", u.ID, l.s.InsertUser(l.ctx, u))
}
func (l *sqliteLoader) Session(x *models.Session) error {
	return wrapImport("session", x.TokenHash, l.s.InsertSession(l.ctx, x))
}
func (l *sqliteLoader) Invitation(inv *models.Invitation) error {
	return wrapImport("invitation", inv.TokenHash, l.s.InsertInvitation(l.ctx, inv))
}
func (l *sqliteLoader) Signup(su *models.Signup) error {
	return wrapImport("signup", su.ID, l.s.InsertSignup(l.ctx, su))
}
func (l *sqliteLoader) Message(m *models.Message) error {
	return wrapImport("message", m.ID, l.s.InsertMessage(l.ctx, m))
}
func (l *sqliteLoader) IdempotencyKey(r *models.IdempotencyRecord) error {
	return wrapImport("idempotency key", r.KeyHash, l.s.InsertIdempotencyKey(l.ctx, r))
}
func (l *sqliteLoader) Series(sr *models.Series) error {
	return wrapImport("series", sr.ID, l.s.SaveSeries(l.ctx, sr))
}

func (l *sqliteLoader) SeriesSignup(ss *models.SeriesSignup) error {
	return wrapImport("series signup", ss.ID, l.s.InsertSeriesSignup(l.ctx, ss))
}

func (l *sqliteLoader) AuditEntry(e *models.AuditEntry) error {
	return wrapImport("audit entry", e.ID, l.s.InsertAudit(l.ctx, e))
}

func (l *sqliteLoader) Certificate(c *models.Certificate) error {
	return wrapImport("certificate", c.ID, l.s.InsertCertificate(l.ctx, c))
}

func wrapImport(what, id string, err error) error {
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, id, err)
	}
	return nil
}

// Activity stores the activity row, then its places, holders first, each
// list in its order (seq grows with each insert), and the sums of both.
func (l *sqliteLoader) Activity(x *transfer.Activity) error {
	a := &x.Activity
	if err := l.s.InsertActivities(l.ctx, []models.Activity{*a}); err != nil {
		return wrapImport("activity", a.ID, err)
	}
	taken := 0
	for waiting, list := range [][]models.SeatHolder{a.SeatHolders, a.WaitingList} {
		for _, h := range list {
			err := insertPlace(l.ctx, l.q, a.ID, h, waiting)
			if isUnique(err, "") {
				return fmt.Errorf("activity %s lists signup %s twice", a.ID, h.SignupID)
			}
			if err != nil {
				return fmt.Errorf("activity %s, signup %s: %w", a.ID, h.SignupID, err)
			}
			if waiting == 0 {
				taken += h.Party
			}
		}
	}
	_, err := l.q.ExecContext(l.ctx, `UPDATE activities SET seats_taken = ?, waitlist_count = ?,
		reminders_queued_at = ?, personal_data_erased_at = ? WHERE id = ?`,
		taken, len(a.WaitingList), msPtr(x.RemindersQueuedAt), msPtr(x.PersonalDataErasedAt), a.ID)
	return wrapImport("activity", a.ID, err)
}

// Email stores an email as it stands, delivery state and body included
// (the lease's token belongs to a process of the source and is not kept).
func (l *sqliteLoader) Email(x *transfer.Email) error {
	e := &x.OutboxEmail
	if !models.IsOutboxStatus(e.Status) {
		return fmt.Errorf("email %s: unknown status %q", e.ID, e.Status)
	}
	var lease int64
	if !e.LeaseUntil.IsZero() {
		lease = ms(e.LeaseUntil)
	}
	_, err := l.q.ExecContext(l.ctx, `INSERT INTO outbox (id, dedup_key, kind, language, to_addr, to_name, subject,
		text_body, html_body, attachments, header_message_id, status, attempts, next_attempt_at, lease_until,
		lease_token, claims, last_error, organisation_id, activity_id, signup_id, message_id, link_token_hash,
		reply_to, created_at, updated_at, sent_at) VALUES (`+placeholders(27)+`)`,
		e.ID, e.DedupKey, e.Kind, e.Language, e.To, e.ToName, e.Subject, textOrNull(e.Text), textOrNull(e.HTML),
		encodeAttachments(e.Attachments), e.HeaderMessageID, e.Status, e.Attempts, ms(e.NextAttemptAt), lease,
		"", e.Claims, e.LastError, e.OrganisationID, e.ActivityID, e.SignupID, e.MessageID, e.LinkTokenHash,
		e.ReplyTo, ms(e.CreatedAt), ms(e.UpdatedAt), msPtr(e.SentAt))
	if isUnique(err, "") {
		return fmt.Errorf("email %s: its id or dedup key is taken", e.ID)
	}
	return wrapImport("email", e.ID, err)
}

// textOrNull stores an empty body as NULL, as a body dropped after sending.
func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
