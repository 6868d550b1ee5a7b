package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/agora-events/agora/models"
)

// pendingUntouched is the condition under which no worker can hold an
// email: pending, never attempted, and not due yet (workers take only due
// emails), so rewriting it cannot race a delivery.
const pendingUntouched = `dedup_key = ? AND status = 'pending' AND attempts = 0 AND next_attempt_at > ?`

// ReplacePendingOutbox rewrites, or with e nil deletes, the email queued
// under key while no worker can hold it (one conditional statement, in
// the caller's transaction inside Atomic). It reports whether it did.
func (s *Store) ReplacePendingOutbox(ctx context.Context, key string, e *models.OutboxEmail, now time.Time) (bool, error) {
	q := s.writer(ctx)
	if e == nil {
		res, err := q.ExecContext(ctx, `DELETE FROM outbox WHERE `+pendingUntouched, key, ms(now))
		return affected(res, err)
	}
	res, err := q.ExecContext(ctx, `UPDATE outbox SET language = ?, to_addr = ?, to_name = ?, subject = ?,
		text_body = ?, html_body = ?, attachments = ?, link_token_hash = ?, next_attempt_at = ?, updated_at = ?
		WHERE `+pendingUntouched, e.Language, e.To, e.ToName, e.Subject, e.Text, e.HTML,
		encodeAttachments(e.Attachments), e.LinkTokenHash, ms(e.NextAttemptAt), ms(now), key, ms(now))
	return affected(res, err)
}

// affected reports whether a statement changed a row.
func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
