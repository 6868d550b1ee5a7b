package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/agora-events/agora/store"
)

// outboxErased is the error recorded for an email that was never sent
// because its recipient's personal data was erased first (the same text
// as the MongoDB store's).
const outboxErased = "not sent: the recipient's personal data was erased"

// eraseOutbox is the UPDATE of EraseOutbox for the emails matching scope
// (?1 the id, ?2 outboxErased, ?3 now). It leaves out those with nothing
// left to erase, so that running it again writes nothing.
func eraseOutbox(scope string) string {
	return `UPDATE outbox SET
		status = CASE WHEN ` + outboxWaiting + ` THEN 'failed' ELSE status END,
		last_error = CASE WHEN ` + outboxWaiting + ` OR last_error = ?2 THEN ?2 ELSE '' END,
		updated_at = CASE WHEN ` + outboxWaiting + ` THEN ?3 ELSE updated_at END,
		to_addr = '', to_name = '', subject = '', text_body = NULL, html_body = NULL, attachments = NULL,
		link_token_hash = '', lease_until = 0, lease_token = ''
		WHERE ` + scope + ` AND (` + outboxWaiting + ` OR to_addr != '' OR to_name != '' OR subject != ''
			OR text_body IS NOT NULL OR html_body IS NOT NULL OR attachments IS NOT NULL
			OR link_token_hash != '' OR last_error NOT IN ('', ?2))`
}

// The scopes repeat the conditions of the partial indexes outbox_by_signup
// and outbox_by_activity, so that the planner may use them.
var (
	sqlEraseOutboxOfSignup   = eraseOutbox(scopeOfSignup)
	sqlEraseOutboxOfActivity = eraseOutbox(scopeOfActivity)
	sqlOutboxOfSignup        = `SELECT id FROM outbox WHERE ` + scopeOfSignup
	sqlOutboxOfActivity      = `SELECT id FROM outbox WHERE ` + scopeOfActivity
)

const (
	scopeOfSignup   = `signup_id = ?1 AND signup_id != ''`
	scopeOfActivity = `activity_id = ?1 AND activity_id != ''`
)

// EraseOutbox removes the personal data of the emails in scope (a signup's
// when scope.SignupID is set, else every email about scope.ActivityID,
// which includes its organiser messages' emails, as they carry the
// activity's id): recipient, subject, rendered body, and any error text (a
// mail server's error may quote the address), and the hash of the token of
// its link, which then stops working. It returns the ids of every email in
// scope, erased now or before, read in the same transaction. What stays is the email's
// kind, ids and outcome, so that message counts stay right. An email not
// sent yet becomes failed with the reason outboxErased (its attempts
// kept) and is never sent: no claim takes a failed email, and RetryOutbox
// refuses one without a recipient. A worker already sending it finishes,
// and RecordOutboxSent then records it sent. updated_at moves only for
// the emails whose status changed. One UPDATE and one read over outbox_by_signup or
// outbox_by_activity; running it again changes nothing.
func (s *Store) EraseOutbox(ctx context.Context, scope store.OutboxScope, now time.Time) ([]string, error) {
	erase, list, id := sqlEraseOutboxOfActivity, sqlOutboxOfActivity, scope.ActivityID
	switch {
	case scope.SignupID != "":
		erase, list, id = sqlEraseOutboxOfSignup, sqlOutboxOfSignup, scope.SignupID
	case scope.ActivityID == "":
		return nil, fmt.Errorf("store: EraseOutbox without a scope")
	}
	var ids []string
	err := s.Atomic(ctx, func(ctx context.Context) error {
		if _, err := s.writer(ctx).ExecContext(ctx, erase, id, outboxErased, ms(now)); err != nil {
			return err
		}
		var err error
		ids, err = s.strings(ctx, list, id)
		return err
	})
	return ids, err
}
