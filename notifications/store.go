package notifications

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Store is what the outbox and its delivery need of persistence. Every
// implementation (store/sqlite, store/mongo) passes the conformance suite
// in store/storetest, which pins down each guarantee below.
type Store interface {
	OutboxQueue
	OutboxDelivery
}

// OutboxQueue writes emails to the durable outbox and reads them back.
type OutboxQueue interface {
	// InsertOutbox queues one email. An email whose dedup key is already
	// queued is not an error: it reports false and writes nothing. Inside
	// Atomic it commits with the caller's other writes.
	InsertOutbox(ctx context.Context, e *models.OutboxEmail) (bool, error)
	// InsertOutboxMany queues many emails and returns how many were new;
	// those whose dedup key is already queued are skipped.
	InsertOutboxMany(ctx context.Context, es []models.OutboxEmail) (int, error)
	// ReplacePendingOutbox rewrites the email queued under key while no
	// worker can hold it: pending, never attempted and not due at now.
	// Its subject, bodies, attachments, link and due time become e's, or,
	// with e nil, the email is deleted. It reports whether it did; inside
	// Atomic it commits with the caller's other writes.
	ReplacePendingOutbox(ctx context.Context, key string, e *models.OutboxEmail, now time.Time) (bool, error)
	// OutboxByID returns one email without its body; unknown is not_found.
	OutboxByID(ctx context.Context, id string) (*models.OutboxEmail, error)
	// OutboxByDedupKey returns the email queued under key, without its body.
	OutboxByDedupKey(ctx context.Context, key string) (*models.OutboxEmail, error)
	// ListOutbox returns one page of emails without bodies, newest first
	// (by id, which grows with time), after f.After.
	ListOutbox(ctx context.Context, f store.OutboxFilter) ([]models.OutboxEmail, error)
	// RetryOutbox makes a failed email due now with a fresh count of
	// attempts; it reports false when the email was not failed.
	RetryOutbox(ctx context.Context, id string, now time.Time) (bool, error)
	// CountOutboxByMessage counts an organiser message's emails by status.
	CountOutboxByMessage(ctx context.Context, messageID string) (map[string]int64, error)
	// OutboxBacklog counts the emails waiting (pending or sending) and
	// failed, for the metrics gauges; it must not grow with sent mail.
	OutboxBacklog(ctx context.Context) (waiting, failed int64, err error)
}

// OutboxDelivery is what the delivery workers use to take emails and
// record what became of them.
type OutboxDelivery interface {
	// SingleProcess reports whether this process alone uses the store (the
	// embedded store locks its data directory). Delivery then claims
	// without leases (ClaimOutboxExclusive) and recovers at start.
	SingleProcess() bool
	// ClaimOutbox leases up to limit due emails, with bodies, oldest due
	// first, until now+lease; emails in skip are left out. No two callers,
	// in any process, hold a lease on the same email at once.
	ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int, skip []string) ([]models.OutboxEmail, error)
	// ClaimOutboxExclusive returns up to limit due emails with bodies,
	// oldest due first, writing no lease: for a SingleProcess store, whose
	// caller tracks what it holds (skip) and leaves out emails it is still
	// queuing (queuing).
	ClaimOutboxExclusive(ctx context.Context, now time.Time, limit int, skip []string, queuing func(id string) bool) ([]models.OutboxEmail, error)
	// RecoverOutbox hands back leases and tidies what a crash of the one
	// delivering process left; called at start, before delivering.
	RecoverOutbox(ctx context.Context, now time.Time) error
	// ReleaseOutbox hands leased emails back unsent (at shutdown).
	ReleaseOutbox(ctx context.Context, ids []string) error
	// RecordOutboxSent records that the server accepted the emails; an
	// email recorded twice is recorded once. It is cheap: workers call it
	// right after each chunk so a crash resends at most the chunk in flight.
	RecordOutboxSent(ctx context.Context, emails []models.OutboxEmail, now time.Time) error
	// DropOutboxQueued removes what sent emails no longer need (bodies);
	// repeating it, or never calling it after a crash, sends nothing again.
	DropOutboxQueued(ctx context.Context, ids []string) error
	// MarkOutboxRetry records temporary failures: each email is due again
	// at its Next, its lease ended.
	MarkOutboxRetry(ctx context.Context, retries []store.OutboxRetry, now time.Time) error
	// MarkOutboxFailed records permanent failures; the body is kept so that
	// staff may retry.
	MarkOutboxFailed(ctx context.Context, fails []store.OutboxFailure, now time.Time) error
	// PurgeOutbox deletes delivery bookkeeping older than before that no
	// longer matters (expired claim tickets).
	PurgeOutbox(ctx context.Context, before time.Time) error
}
