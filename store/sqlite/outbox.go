package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// The outbox is one table: an email's row carries its status ('pending',
// 'sending', 'sent', 'failed'), its schedule, attempts and lease, and its
// rendered body until it is sent. Delivery reads only rows waiting to be
// sent, through the partial index outbox_due; status counts read indexes,
// never the sent mail.

// outboxColumns are read by scanOutbox, in this order; the body
// (outboxBodyColumns) is read only by the claims.
const outboxColumns = `id, dedup_key, kind, language, to_addr, to_name, subject, header_message_id, status,
	attempts, next_attempt_at, lease_until, lease_token, claims, last_error, organisation_id, activity_id,
	signup_id, message_id, link_token_hash, reply_to, created_at, updated_at, sent_at`

const outboxBodyColumns = `text_body, html_body, attachments`

// outboxWaiting is the condition of the partial index outbox_due, written
// out the same way so that the planner may use it.
const outboxWaiting = `status IN ('pending', 'sending')`

// outboxAttachment is how an attachment is stored: models.Attachment
// leaves its data out of JSON (it is not for the API).
type outboxAttachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"` // base64 in the JSON text
	ContentID   string `json:"content_id,omitempty"`
}

// encodeAttachments stores attachments as JSON, NULL when there are none.
func encodeAttachments(as []models.Attachment) any {
	if len(as) == 0 {
		return nil
	}
	out := make([]outboxAttachment, len(as))
	for i, a := range as {
		out[i] = outboxAttachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data, ContentID: a.ContentID}
	}
	return mustJSON(out)
}

func decodeAttachments(text sql.NullString) ([]models.Attachment, error) {
	var stored []outboxAttachment
	if err := fromJSON(text, &stored); err != nil || len(stored) == 0 {
		return nil, err
	}
	out := make([]models.Attachment, len(stored))
	for i, a := range stored {
		out[i] = models.Attachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data, ContentID: a.ContentID}
	}
	return out, nil
}

// outboxLeaseTime reads a lease end: 0 is no lease (the zero time).
func outboxLeaseTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}

// scanOutbox reads outboxColumns, then the body columns when withBody.
func scanOutbox(sc scanner, withBody bool) (*models.OutboxEmail, error) {
	var (
		e                             models.OutboxEmail
		next, lease, created, updated int64
		sent                          sql.NullInt64
		text, html, attachments       sql.NullString
	)
	dest := []any{&e.ID, &e.DedupKey, &e.Kind, &e.Language, &e.To, &e.ToName, &e.Subject, &e.HeaderMessageID,
		&e.Status, &e.Attempts, &next, &lease, &e.LeaseToken, &e.Claims, &e.LastError, &e.OrganisationID,
		&e.ActivityID, &e.SignupID, &e.MessageID, &e.LinkTokenHash, &e.ReplyTo, &created, &updated, &sent}
	if withBody {
		dest = append(dest, &text, &html, &attachments)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	e.NextAttemptAt, e.LeaseUntil = fromMS(next), outboxLeaseTime(lease)
	e.CreatedAt, e.UpdatedAt, e.SentAt = fromMS(created), fromMS(updated), timePtr(sent)
	if withBody {
		e.Text, e.HTML = text.String, html.String
		var err error
		if e.Attachments, err = decodeAttachments(attachments); err != nil {
			return nil, err
		}
	}
	return &e, nil
}

func collectOutbox(rows *sql.Rows, err error, withBody bool) ([]models.OutboxEmail, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []models.OutboxEmail{}
	for rows.Next() {
		e, err := scanOutbox(rows, withBody)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// outboxLimit is a LIMIT value: 0 or less is no limit (as on MongoDB).
func outboxLimit(limit int) int {
	if limit <= 0 {
		return -1
	}
	return limit
}

// outboxIDs passes a list of ids as one argument, a JSON array read with
// `IN (SELECT value FROM json_each(?))`: no limit on the number of ids,
// and one statement text for any number.
func outboxIDs(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	return mustJSON(ids)
}

// InsertOutbox queues one email. An email whose dedup key is already
// queued is not an error: it reports false and writes nothing.
func (s *Store) InsertOutbox(ctx context.Context, e *models.OutboxEmail) (bool, error) {
	n, err := s.InsertOutboxMany(ctx, []models.OutboxEmail{*e})
	return n == 1, err
}

// outboxInsertRows is how many emails one INSERT statement writes.
const outboxInsertRows = 100

// InsertOutboxMany queues emails in one transaction (the caller's, inside
// Atomic) and returns how many were new: the unique dedup_key skips the
// others (ON CONFLICT DO NOTHING), including repeats within es. Whatever
// the email says of its delivery, it is queued pending, with no attempts,
// due at its NextAttemptAt. An id already used is a conflict.
func (s *Store) InsertOutboxMany(ctx context.Context, es []models.OutboxEmail) (int, error) {
	if len(es) == 0 {
		return 0, nil
	}
	const cols = `id, dedup_key, kind, language, to_addr, to_name, subject, text_body, html_body, attachments,
		header_message_id, status, next_attempt_at, organisation_id, activity_id, signup_id, message_id,
		link_token_hash, reply_to, created_at, updated_at`
	const per = 21
	row := "(" + placeholders(per) + ")"
	n := 0
	err := s.inTx(ctx, func(q querier) error {
		for start := 0; start < len(es); start += outboxInsertRows {
			part := es[start:min(start+outboxInsertRows, len(es))]
			vals := make([]any, 0, per*len(part))
			rows := make([]string, len(part))
			for i := range part {
				e := &part[i]
				rows[i] = row
				vals = append(vals, e.ID, e.DedupKey, e.Kind, e.Language, e.To, e.ToName, e.Subject, e.Text, e.HTML,
					encodeAttachments(e.Attachments), e.HeaderMessageID, models.OutboxPending, ms(e.NextAttemptAt),
					e.OrganisationID, e.ActivityID, e.SignupID, e.MessageID, e.LinkTokenHash, e.ReplyTo,
					ms(e.CreatedAt), ms(e.CreatedAt))
			}
			res, err := q.ExecContext(ctx, `INSERT INTO outbox (`+cols+`) VALUES `+strings.Join(rows, ", ")+
				` ON CONFLICT (dedup_key) DO NOTHING`, vals...)
			if isUnique(err, "outbox.id") {
				return models.Errorf(models.ErrConflict, "outbox: an email id exists")
			}
			if err != nil {
				return err
			}
			added, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(added)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// OutboxByID returns one email without its body; unknown is not_found.
func (s *Store) OutboxByID(ctx context.Context, id string) (*models.OutboxEmail, error) {
	e, err := scanOutbox(s.reader(ctx).QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = ?`, id), false)
	return e, notFound(err, "email")
}

// OutboxByDedupKey returns the email queued under key, without its body.
func (s *Store) OutboxByDedupKey(ctx context.Context, key string) (*models.OutboxEmail, error) {
	e, err := scanOutbox(s.reader(ctx).QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE dedup_key = ?`, key), false)
	return e, notFound(err, "email")
}

// ListOutbox returns one page of emails without bodies, newest first (by
// id, which starts with its creation time), after f.After; the planner
// walks outbox_by_organisation or outbox_by_status backwards from the
// cursor. A limit of 0 or less is no limit.
func (s *Store) ListOutbox(ctx context.Context, f store.OutboxFilter) ([]models.OutboxEmail, error) {
	where, vals := []string{"1"}, []any{}
	if f.OrganisationID != "" {
		where, vals = append(where, "organisation_id = ?"), append(vals, f.OrganisationID)
	}
	if f.Status != "" {
		where, vals = append(where, "status = ?"), append(vals, f.Status)
	}
	if f.After != "" {
		where, vals = append(where, "id < ?"), append(vals, f.After)
	}
	vals = append(vals, outboxLimit(f.Limit))
	rows, err := s.reader(ctx).QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE `+
		strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, vals...)
	return collectOutbox(rows, err, false)
}

// RetryOutbox makes a failed email due now, with a fresh count of attempts
// and no error. It reports false when the email was not failed, and also
// when its recipient was erased: such an email has nobody to go to and no
// body left, and stays failed.
func (s *Store) RetryOutbox(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.writer(ctx).ExecContext(ctx, `UPDATE outbox SET status = 'pending', attempts = 0,
		next_attempt_at = ?, lease_until = 0, lease_token = '', last_error = '', updated_at = ?
		WHERE id = ? AND status = 'failed' AND to_addr != ''`, ms(now), ms(now), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// sqlOutboxByMessage repeats the condition of the partial index
// outbox_by_message, so that the planner may use it.
const sqlOutboxByMessage = `SELECT status, COUNT(*) FROM outbox WHERE message_id = ? AND message_id != ''
	GROUP BY status`

// CountOutboxByMessage counts an organiser message's emails by status,
// every status present (zero when none), over the covering index
// outbox_by_message.
func (s *Store) CountOutboxByMessage(ctx context.Context, messageID string) (map[string]int64, error) {
	out := make(map[string]int64, len(models.OutboxStatuses()))
	for _, st := range models.OutboxStatuses() {
		out[st] = 0
	}
	rows, err := s.reader(ctx).QueryContext(ctx, sqlOutboxByMessage, messageID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// The backlog counts are read from outbox_by_status alone (a covering
// search on status = each value): the index entries of the waiting or
// failed emails, nothing of the sent mail, no table row. (Counting over
// outbox_due would read the table row of each waiting email, to check its
// status, which the partial index does not hold.)
const (
	sqlOutboxWaiting = `SELECT COUNT(*) FROM outbox WHERE ` + outboxWaiting
	sqlOutboxFailed  = `SELECT COUNT(*) FROM outbox WHERE status = 'failed'`
)

// OutboxBacklog counts the emails waiting (pending or sending) and the
// failed ones; neither count reads sent mail.
func (s *Store) OutboxBacklog(ctx context.Context) (waiting, failed int64, err error) {
	q := s.reader(ctx)
	if err = q.QueryRowContext(ctx, sqlOutboxWaiting).Scan(&waiting); err != nil {
		return 0, 0, fmt.Errorf("store: count waiting emails: %w", err)
	}
	if err = q.QueryRowContext(ctx, sqlOutboxFailed).Scan(&failed); err != nil {
		return 0, 0, fmt.Errorf("store: count failed emails: %w", err)
	}
	return waiting, failed, nil
}
