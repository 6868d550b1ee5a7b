package sqlite

import (
	"context"
	"sort"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// outboxDue is what a claim at ?1 may take: an email waiting and due, and,
// when sending, only once its lease ended (its worker died or hung). A
// leased email was due when it was claimed (next_attempt_at <= claim time
// <= lease_until), so "next_attempt_at <= ?" holds for every email a claim
// may take, and bounds the walk over outbox_due: emails scheduled later
// are not read.
const outboxDue = outboxWaiting + ` AND next_attempt_at <= ?1 AND (status = 'pending' OR lease_until <= ?1)`

// outboxNotIn leaves out the ids of a JSON array (?2).
const outboxNotIn = ` AND id NOT IN (SELECT value FROM json_each(?2))`

// The claims walk outbox_due in due order from its start up to now and
// stop at the limit. INDEXED BY makes that a guarantee (the statement
// fails to prepare otherwise): left to itself, the planner prefers the
// equality on status of outbox_by_status, which reads every waiting email,
// those scheduled later too, and sorts them.
const (
	// sqlOutboxClaim: ?1 now, ?2 skip, ?3 lease end, ?4 lease token, ?5 limit.
	sqlOutboxClaim = `UPDATE outbox SET status = 'sending', lease_until = ?3, lease_token = ?4, claims = claims + 1
		WHERE id IN (SELECT id FROM outbox INDEXED BY outbox_due WHERE ` + outboxDue + outboxNotIn + `
			ORDER BY next_attempt_at, id LIMIT ?5)
		RETURNING ` + outboxColumns + `, ` + outboxBodyColumns
	// sqlOutboxClaimExclusive: ?1 now, ?2 skip, ?3 limit.
	sqlOutboxClaimExclusive = `SELECT ` + outboxColumns + `, ` + outboxBodyColumns + `
		FROM outbox INDEXED BY outbox_due WHERE ` + outboxWaiting + ` AND next_attempt_at <= ?1` + outboxNotIn + `
		ORDER BY next_attempt_at, id LIMIT ?3`
)

// ClaimOutbox leases up to limit due emails to the caller until now+lease
// and returns them with their bodies, oldest due first; emails in skip are
// left out. One conditional UPDATE, in a transaction of the one write
// connection (BEGIN IMMEDIATE, so also against another process), moves
// them to sending under a lease token of this claim and returns them: no
// two callers hold a lease on the same email at once, and if reading them
// back fails, nothing is leased.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int, skip []string) ([]models.OutboxEmail, error) {
	token := models.NewID()
	var out []models.OutboxEmail
	err := s.inTx(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, sqlOutboxClaim, ms(now), outboxIDs(skip), ms(now.Add(lease)), token, outboxLimit(limit))
		out, err = collectOutbox(rows, err, true)
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	// RETURNING gives no order.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.NextAttemptAt.Equal(b.NextAttemptAt) {
			return a.NextAttemptAt.Before(b.NextAttemptAt)
		}
		return a.ID < b.ID
	})
	return out, nil
}

// ClaimOutboxExclusive returns up to limit due emails with their bodies,
// oldest due first, in one read, writing nothing: for the one process that
// delivers from this store, which tracks what it holds (skip) and leaves
// out the emails it is still queuing (queuing). An email being queued in
// an open transaction is not seen at all (not committed).
func (s *Store) ClaimOutboxExclusive(ctx context.Context, now time.Time, limit int, skip []string, queuing func(id string) bool) ([]models.OutboxEmail, error) {
	rows, err := s.reader(ctx).QueryContext(ctx, sqlOutboxClaimExclusive, ms(now), outboxIDs(skip), outboxLimit(limit))
	due, err := collectOutbox(rows, err, true)
	if err != nil {
		return nil, err
	}
	ready := due[:0]
	for _, e := range due {
		if queuing == nil || !queuing(e.ID) {
			ready = append(ready, e)
		}
	}
	if len(ready) == 0 {
		return nil, nil
	}
	return ready, nil
}

// RecoverOutbox hands back every lease: called at start by the one
// delivering process, before it delivers, so no lease is anyone's. That is
// all a crash can leave here: queuing is transactional (no email without
// its row, or the reverse), and a sent email loses its body in the same
// statement that records it sent.
func (s *Store) RecoverOutbox(ctx context.Context, now time.Time) error {
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE outbox SET status = 'pending', lease_until = 0, lease_token = ''
		WHERE status = 'sending'`)
	return err
}

// ReleaseOutbox hands leased emails back unsent (at shutdown), so that the
// next claim need not wait for their leases to end.
func (s *Store) ReleaseOutbox(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE outbox SET status = 'pending', lease_until = 0, lease_token = ''
		WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending'`, outboxIDs(ids))
	return err
}

// RecordOutboxSent records that the server accepted the emails, in one
// UPDATE by primary key: status sent, one more attempt, no error, and the
// body dropped (nobody reads it again; secure_delete zeroes the freed
// pages). Being sent overrides any other outcome, as the server did take
// the email: one failed meanwhile (a worker whose lease had ended, or an
// erasure while it was on the wire) is sent. An email already sent is
// left as it is, so that recording twice records once.
func (s *Store) RecordOutboxSent(ctx context.Context, emails []models.OutboxEmail, now time.Time) error {
	if len(emails) == 0 {
		return nil
	}
	ids := make([]string, len(emails))
	for i, e := range emails {
		ids[i] = e.ID
	}
	_, err := s.writer(ctx).ExecContext(ctx, `UPDATE outbox SET status = 'sent', attempts = attempts + 1,
		last_error = '', lease_until = 0, lease_token = '', sent_at = ?, updated_at = ?,
		text_body = NULL, html_body = NULL, attachments = NULL
		WHERE id IN (SELECT value FROM json_each(?)) AND status != 'sent'`, ms(now), ms(now), outboxIDs(ids))
	return err
}

// DropOutboxQueued does nothing: RecordOutboxSent already dropped the
// bodies, in the same write, so there is nothing left to remove and
// nothing a crash in between could leave behind.
func (s *Store) DropOutboxQueued(ctx context.Context, ids []string) error { return nil }

// MarkOutboxRetry records temporary failures: each email pending again,
// due at its Next, its lease ended, with its attempts and error. Emails
// sharing attempts, time and error (a batch that met a mail server outage)
// are one UPDATE; all of them one transaction. Only emails still waiting
// are touched: one sent, or failed meanwhile (erased, say), keeps its
// outcome.
func (s *Store) MarkOutboxRetry(ctx context.Context, retries []store.OutboxRetry, now time.Time) error {
	if len(retries) == 0 {
		return nil
	}
	type key struct {
		attempts int
		next     int64
		err      string
	}
	groups := map[key][]string{}
	var order []key
	for _, r := range retries {
		k := key{r.Attempts, ms(r.Next), r.LastError}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r.ID)
	}
	return s.inTx(ctx, func(q querier) error {
		for _, k := range order {
			if _, err := q.ExecContext(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = ?,
				lease_until = 0, lease_token = '', attempts = ?, last_error = ?, updated_at = ?
				WHERE id IN (SELECT value FROM json_each(?)) AND `+outboxWaiting,
				k.next, k.attempts, k.err, ms(now), outboxIDs(groups[k])); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkOutboxFailed records permanent failures: status failed, with the
// attempts and error, the lease ended, the body kept so that staff may
// retry. Only emails still waiting are touched (as MarkOutboxRetry).
func (s *Store) MarkOutboxFailed(ctx context.Context, fails []store.OutboxFailure, now time.Time) error {
	type key struct {
		attempts int
		err      string
	}
	groups := map[key][]string{}
	var order []key
	for _, f := range fails {
		if f.Email == nil {
			continue
		}
		k := key{f.Attempts, f.LastError}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f.Email.ID)
	}
	if len(order) == 0 {
		return nil
	}
	return s.inTx(ctx, func(q querier) error {
		for _, k := range order {
			if _, err := q.ExecContext(ctx, `UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?,
				lease_until = 0, lease_token = '', updated_at = ?
				WHERE id IN (SELECT value FROM json_each(?)) AND `+outboxWaiting,
				k.attempts, k.err, ms(now), outboxIDs(groups[k])); err != nil {
				return err
			}
		}
		return nil
	})
}

// PurgeOutbox does nothing: a lease here is a conditional UPDATE of the
// email's own row (lease_until, lease_token), not a claim ticket of its
// own, so no delivery bookkeeping piles up. Bodies go when an email is
// sent; a failed email keeps its body for a staff retry until retention
// erases it (EraseOutbox).
func (s *Store) PurgeOutbox(ctx context.Context, before time.Time) error { return nil }
