package registration

// The rest of the store contract (store.go has the groups seats and
// signups build on): reminders, messages, idempotency keys, the audit log,
// reports, retention and certificates.

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Reminders records which activities have had their reminders queued.
type Reminders interface {
	// ActivitiesDueForReminders returns the published activities starting
	// in (now, now+before] whose reminders are not all queued yet.
	ActivitiesDueForReminders(ctx context.Context, now time.Time, before time.Duration) ([]models.Activity, error)
	// SetRemindersQueued records that every reminder of an activity is in
	// the outbox, so that later runs skip it.
	SetRemindersQueued(ctx context.Context, activityID string, now time.Time) error
}

// Messages are organisers' emails to an activity's people.
type Messages interface {
	InsertMessage(ctx context.Context, m *models.Message) error
	MessageByID(ctx context.Context, id string) (*models.Message, error)
	// SetMessageQueued records that every recipient's email is queued.
	SetMessageQueued(ctx context.Context, id string, recipients int) error
	// MessagesQueuing returns messages created before before whose queuing
	// was interrupted.
	MessagesQueuing(ctx context.Context, before time.Time) ([]models.Message, error)
	// MessagesOfActivity returns up to limit messages, newest first.
	MessagesOfActivity(ctx context.Context, activityID string, limit int) ([]models.Message, error)
}

// IdempotencyKeys remember the answers to retried requests.
type IdempotencyKeys interface {
	// InsertIdempotencyKey records a new in-progress key; one already
	// recorded is conflict (exactly one of concurrent duplicates wins).
	InsertIdempotencyKey(ctx context.Context, r *models.IdempotencyRecord) error
	IdempotencyKey(ctx context.Context, keyHash string) (*models.IdempotencyRecord, error)
	// TakeOverIdempotencyKey gives an in-progress key whose lease ended at
	// oldLease to a new attempt; of racing retries only one is told true.
	TakeOverIdempotencyKey(ctx context.Context, keyHash string, oldLease, newLease time.Time) (bool, error)
	CompleteIdempotencyKey(ctx context.Context, keyHash string, status int, contentType string, body []byte) error
	// ReleaseIdempotencyKey ends an in-progress key's lease at once.
	ReleaseIdempotencyKey(ctx context.Context, keyHash string, now time.Time) error
	// DeleteIdempotencyKey removes a key if it still expires at expiresAt.
	DeleteIdempotencyKey(ctx context.Context, keyHash string, expiresAt time.Time) error
	DeleteExpiredIdempotencyKeys(ctx context.Context, now time.Time) (int64, error)
	// ReleaseAllIdempotencyLeases ends every lease: only for a
	// SingleProcess store at start, when every request in flight died.
	ReleaseAllIdempotencyLeases(ctx context.Context, now time.Time) (int64, error)
}

// AuditLog records staff actions; entries are never changed.
type AuditLog interface {
	InsertAudit(ctx context.Context, e *models.AuditEntry) error
	// ListAudit returns one page, newest first.
	ListAudit(ctx context.Context, f store.AuditFilter) ([]models.AuditEntry, error)
}

// Reports count attendance for funders.
type Reports interface {
	// AttendanceByActivity returns the figures of each published
	// activity q selects, in no set order. Its cost follows the number of
	// activities in the window, not the number of signups.
	AttendanceByActivity(ctx context.Context, q store.ReportQuery) ([]store.ActivityFigures, error)
	// UniquePeople counts the distinct person keys of the confirmed,
	// attended and no-show signups of the published activities q selects
	// (signups without a key are not counted). Erasure keeps the keys, so
	// the count survives it. Its cost follows the signups in the window.
	UniquePeople(ctx context.Context, q store.ReportQuery) (int, error)
}

// Retention erases attendees' personal data after their activity.
type Retention interface {
	// ActivitiesToErase returns up to limit activities (id, organisation,
	// end) that ended before endedBefore and are not marked erased.
	ActivitiesToErase(ctx context.Context, endedBefore time.Time, limit int) ([]models.Activity, error)
	MarkPersonalDataErased(ctx context.Context, activityID string, now time.Time) error
	// UnerasedSignups returns up to limit signups of an activity after the
	// id after whose personal data is still there, in id order, with at
	// least their id, activity, status, creation time and series signup.
	UnerasedSignups(ctx context.Context, activityID, after string, limit int) ([]models.Signup, error)
	// EraseOutbox removes the personal data of the emails in scope and the
	// hashes of their links' tokens; an email not sent yet becomes failed
	// and is never sent. It returns the ids of every email in scope,
	// erased now or before, so that a repeated erasure finds them all.
	EraseOutbox(ctx context.Context, scope store.OutboxScope, now time.Time) ([]string, error)
	// Scrub makes erased data unrecoverable from the store's files: no old
	// copy of an erased value may stay in free space or a log. It is
	// called after erasures have committed, outside Atomic; an error means
	// old copies may stay until the next Scrub.
	Scrub(ctx context.Context) error
}

// Certificates are the verification records of proofs of participation.
// They hold no personal data in clear, and neither erasure nor retention
// touches them: a certificate verifies for as long as it is not revoked.
type Certificates interface {
	// InsertCertificate stores a new certificate; an existing id (the
	// hash of its code) is conflict.
	InsertCertificate(ctx context.Context, c *models.Certificate) error
	// CertificateByID finds a certificate by the hash of its code.
	CertificateByID(ctx context.Context, id string) (*models.Certificate, error)
	// RevokeCertificate marks a certificate revoked at now, unless it is
	// already, and reports whether it did; not_found when there is none.
	RevokeCertificate(ctx context.Context, id string, now time.Time) (bool, error)
	// CertificatesOfActivity returns the certificates of an activity in
	// the order they were issued (then by id).
	CertificatesOfActivity(ctx context.Context, activityID string) ([]models.Certificate, error)
	// SeriesSessions returns the id, status, start and end of every
	// activity of a series, by start then id: the sessions a certificate
	// may count.
	SeriesSessions(ctx context.Context, seriesID string) ([]models.Activity, error)
}
