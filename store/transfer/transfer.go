// Package transfer moves everything a store holds to another store, of
// either kind, through a portable export: `agora export` and `agora
// import`, the way from the embedded store to MongoDB when a library
// outgrows one machine, and a backup.
//
// An export is a directory: one JSON Lines file per collection
// (DIR/<collection>.jsonl), whose first line is a header naming the format
// version and the collection, then one record per line; and
// DIR/manifest.json, written last, which lists the files with their
// record counts and SHA-256, so that an interrupted export is never
// mistaken for a complete one. Records are transfer's own types (see
// records.go), not the models' JSON: they carry what the API hides
// (password and token hashes, manage nonces, seat holders, email bodies),
// times in UTC at millisecond precision (both stores' precision), and
// nothing derived that the importer could get wrong (taken seats are the
// party sum of the seat holders). The same store content always gives the
// same bytes, so export, import and export again give identical files.
//
// Each store implements Exporter and Importer at the model level; this
// package owns the file format and nothing of either engine.
package transfer

import (
	"context"
	"errors"
	"time"

	"github.com/agora-events/agora/models"
)

// Version is the format version in every header and in the manifest. An
// import refuses any other.
const Version = 1

// The collections of an export, named as the files are.
const (
	Organisations   = "organisations"
	Users           = "users"
	Sessions        = "sessions"
	Invitations     = "invitations"
	Activities      = "activities"
	Signups         = "signups"
	Messages        = "messages"
	Outbox          = "outbox"
	IdempotencyKeys = "idempotency"
	Audit           = "audit"
	Certificates    = "certificates"
	Series          = "series"
	SeriesSignups   = "series_signups"
)

// Collections lists every collection in export order: a record comes
// after those it refers to (users after organisations, signups after
// activities), so that an importer may check references as it goes.
var Collections = []string{Organisations, Users, Sessions, Invitations, Activities, Signups, Messages,
	Outbox, IdempotencyKeys, Audit, Certificates, Series, SeriesSignups}

// addedInVersion1 are the collections added to format version 1 after its
// first release, always last: an export made before has no file for them
// and is read as having none, so that old backups stay importable.
var addedInVersion1 = []string{Certificates, Series, SeriesSignups}

// ErrNotEmpty is the refusal of an import into a store that holds
// records already: an import adds to nothing, so that what comes out is
// exactly what went in.
var ErrNotEmpty = errors.New("the store is not empty: import only into a new, empty store")

// Activity is an activity as exported: the model with its seat holders
// and waiting list (the truth of its seats; SeatsTaken and WaitlistCount
// are derived from them and not carried), and the marks the stores keep
// beside the model.
type Activity struct {
	models.Activity
	// RemindersQueuedAt is when every reminder was queued (nil: not yet).
	RemindersQueuedAt *time.Time
	// PersonalDataErasedAt is when retention erased its attendees' data.
	PersonalDataErasedAt *time.Time
}

// Email is an outbox email as exported: the model with its body and its
// delivery state (status, attempts, schedule, lease, error).
type Email struct {
	models.OutboxEmail
	// ErasedAt is when the recipient's data was erased, where a store
	// records it (MongoDB; on SQLite the empty recipient says it).
	ErasedAt *time.Time
}

// Sink receives the records of an export, collection by collection in
// the order of Collections. A store's importer is one; so is the writer
// of export files.
type Sink interface {
	Organisation(o *models.Organisation) error
	User(u *models.User) error
	Session(s *models.Session) error
	Invitation(inv *models.Invitation) error
	Activity(a *Activity) error
	Signup(su *models.Signup) error
	Message(m *models.Message) error
	Email(e *Email) error
	IdempotencyKey(r *models.IdempotencyRecord) error
	AuditEntry(e *models.AuditEntry) error
	Certificate(c *models.Certificate) error
	Series(sr *models.Series) error
	SeriesSignup(ss *models.SeriesSignup) error
}

// Exporter is a store that can hand over everything it holds.
type Exporter interface {
	// Export calls sink with every record, collection by collection in
	// the order of Collections, each collection in ascending order of its
	// key (id, token hash or key hash), so that the same content always
	// comes out in the same order. Only records of the model are handed
	// over, never an engine's bookkeeping (claim tickets, counters).
	Export(ctx context.Context, sink Sink) error
}

// Importer is a store that can load an export.
type Importer interface {
	// Import refuses (ErrNotEmpty) unless the store holds no record, then
	// calls load with a Sink that stores each record as it is, bypassing
	// the use cases' rules but keeping the store's own invariants (its
	// counters, indexes and references). On a store with transactions a
	// failed import leaves the store as it was; on MongoDB it leaves what
	// it wrote, and the database should be dropped before trying again.
	Import(ctx context.Context, load func(sink Sink) error) error
}
