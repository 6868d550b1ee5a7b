package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// The outbox is kept in several collections because of what FerretDB v1
// on SQLite costs (measured; see TestGapIDLookupScansTable): any filter
// but a lone {_id: x} decodes every document of the collection in Go, a
// lone _id still makes SQLite read the whole table (its _id index is never
// used), and an update costs such a table read per document it modifies.
// So the collections the delivery loop reads and writes at every batch
// hold only what is waiting, each batch reads them with one query and
// records its outcomes with one bulk write per kind, and nothing is
// updated per email in the common case.
//   - outbox: one record per email (recipient, subject, kind, ids), unique
//     on dedup_key; written once, never touched by delivery;
//   - outbox_due: one small document per email waiting to be sent, with
//     what the sender needs besides the body (recipient, subject, headers)
//     and its schedule, attempts and lease: the only collection the
//     delivery loop scans;
//   - outbox_bodies: the rendered text, HTML and attachments, read once per
//     batch; deleted when the email is sent, kept for a staff retry when
//     it failed;
//   - outbox_sent and outbox_failed: one document per outcome, inserted.
//
// An email's status is read from where it is: sent, failed, else due.
//
// Queuing writes the due document first, then the body, then the record:
// the record's unique dedup_key decides, and a due document whose record
// was refused is deleted. A due document without a record is therefore
// either being queued (the delivery loop leaves it alone) or debris of a
// crash (deleted). Never the reverse: a record that nobody would send.
const (
	colOutboxBodies = "outbox_bodies"
	colOutboxDue    = "outbox_due"
	colOutboxSent   = "outbox_sent"
	colOutboxFailed = "outbox_failed"
	// colOutboxClaims holds claim tickets, _id "<email id>:<round>:<claim
	// number>": a lease is won by inserting its ticket. Unique _id is
	// atomic on both engines (FerretDB's conditional updates are not), so
	// no two instances ever win the same claim.
	colOutboxClaims = "outbox_claims"
)

// orphanAge is how old a due document without its record must be before
// it is taken for debris of a crash rather than an email being queued.
const orphanAge = time.Minute

type outboxBody struct {
	ID          string              `bson:"_id"`
	Text        string              `bson:"text"`
	HTML        string              `bson:"html"`
	Attachments []models.Attachment `bson:"attachments,omitempty"`
}

// outboxDue is an email waiting to be sent, or being sent: everything the
// sender needs but the body.
type outboxDue struct {
	ID            string    `bson:"_id"`
	Status        string    `bson:"status"`
	NextAttemptAt time.Time `bson:"next_attempt_at"`
	LeaseUntil    time.Time `bson:"lease_until"`
	Claims        int       `bson:"claims"`
	// Round is new each time the email is (re)queued, so that claim
	// tickets of an earlier round never block a staff retry.
	Round     string `bson:"round"`
	Attempts  int    `bson:"attempts"`
	LastError string `bson:"last_error,omitempty"`

	Kind            string `bson:"kind"`
	Language        string `bson:"language"`
	To              string `bson:"to"`
	ToName          string `bson:"to_name,omitempty"`
	Subject         string `bson:"subject"`
	HeaderMessageID string `bson:"header_message_id"`
	OrganisationID  string `bson:"organisation_id,omitempty"`
	ActivityID      string `bson:"activity_id,omitempty"`
	SignupID        string `bson:"signup_id,omitempty"`
	MessageID       string `bson:"message_id,omitempty"`
	LinkTokenHash   string `bson:"link_token_hash,omitempty"`
	ReplyTo         string `bson:"reply_to,omitempty"`

	CreatedAt time.Time `bson:"created_at"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// email returns the email a due document describes, without its body.
func (d *outboxDue) email() models.OutboxEmail {
	return models.OutboxEmail{ID: d.ID, Kind: d.Kind, Language: d.Language, To: d.To, ToName: d.ToName,
		Subject: d.Subject, HeaderMessageID: d.HeaderMessageID, Status: d.Status, Attempts: d.Attempts,
		NextAttemptAt: d.NextAttemptAt, LeaseUntil: d.LeaseUntil, Claims: d.Claims, LastError: d.LastError,
		OrganisationID: d.OrganisationID, ActivityID: d.ActivityID, SignupID: d.SignupID, MessageID: d.MessageID,
		LinkTokenHash: d.LinkTokenHash, ReplyTo: d.ReplyTo, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
}

// newDue returns the due document of a record, due at next.
func newDue(e *models.OutboxEmail, next, now time.Time) outboxDue {
	return outboxDue{ID: e.ID, Status: models.OutboxPending, NextAttemptAt: next, Round: models.NewID(),
		Kind: e.Kind, Language: e.Language, To: e.To, ToName: e.ToName, Subject: e.Subject,
		HeaderMessageID: e.HeaderMessageID, OrganisationID: e.OrganisationID, ActivityID: e.ActivityID,
		SignupID: e.SignupID, MessageID: e.MessageID, LinkTokenHash: e.LinkTokenHash, ReplyTo: e.ReplyTo,
		CreatedAt: now, UpdatedAt: now}
}

// outboxOutcome records that an email was sent or failed for good.
type outboxOutcome struct {
	ID             string    `bson:"_id"`
	Attempts       int       `bson:"attempts"`
	LastError      string    `bson:"last_error,omitempty"`
	OrganisationID string    `bson:"organisation_id,omitempty"`
	MessageID      string    `bson:"message_id,omitempty"`
	At             time.Time `bson:"at"`
}

// split separates an email into its record, body and due documents.
func split(e *models.OutboxEmail) (models.OutboxEmail, outboxBody, outboxDue) {
	rec := *e
	rec.Text, rec.HTML, rec.Attachments = "", "", nil
	rec.LeaseToken, rec.LeaseUntil, rec.Claims = "", time.Time{}, 0
	return rec, outboxBody{ID: e.ID, Text: e.Text, HTML: e.HTML, Attachments: e.Attachments},
		newDue(e, e.NextAttemptAt, e.CreatedAt)
}

// InsertOutbox queues one email. An email with the same dedup key already
// queued is not an error: it reports false, and nothing stays written.
func (s *Store) InsertOutbox(ctx context.Context, e *models.OutboxEmail) (bool, error) {
	n, err := s.InsertOutboxMany(ctx, []models.OutboxEmail{*e})
	return n == 1, err
}

// InsertOutboxMany queues many emails in three unordered bulk writes and
// returns how many were new; emails whose dedup key is already queued are
// skipped.
func (s *Store) InsertOutboxMany(ctx context.Context, es []models.OutboxEmail) (int, error) {
	if len(es) == 0 {
		return 0, nil
	}
	recs, bodies, dues := make([]any, len(es)), make([]any, len(es)), make([]any, len(es))
	for i := range es {
		recs[i], bodies[i], dues[i] = split(&es[i])
	}
	if _, err := s.col(colOutboxDue).InsertMany(ctx, dues); err != nil {
		return 0, err
	}
	if _, err := s.col(colOutboxBodies).InsertMany(ctx, bodies); err != nil {
		return 0, err
	}
	dups, err := insertManyDuplicates(ctx, s.col(colOutbox), recs)
	if err != nil {
		return 0, err
	}
	dropped := make([]string, len(dups))
	for i, d := range dups {
		dropped[i] = es[d].ID
	}
	return len(es) - len(dups), s.dropQueued(ctx, dropped)
}

// dropQueued deletes the due documents and bodies of emails whose record
// was not written, and of sent emails: nobody reads a sent email's body
// again.
func (s *Store) dropQueued(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := s.col(colOutboxDue).DeleteMany(ctx, idIn(ids)); err != nil {
		return err
	}
	_, err := s.col(colOutboxBodies).DeleteMany(ctx, idIn(ids))
	return err
}

// insertManyDuplicates inserts docs unordered and returns the indexes of
// those refused as duplicates; any other failure is returned.
func insertManyDuplicates(ctx context.Context, col *mongo.Collection, docs []any) ([]int, error) {
	_, err := col.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err == nil {
		return nil, nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
		return nil, err
	}
	dups := make([]int, 0, len(bwe.WriteErrors))
	for _, we := range bwe.WriteErrors {
		if !isDuplicateCode(we.Code) {
			return nil, err
		}
		dups = append(dups, we.Index)
	}
	return dups, nil
}

// isDuplicateCode reports whether a write error code is a unique index
// violation.
func isDuplicateCode(code int) bool { return code == 11000 || code == 11001 || code == 12582 }

// byID is the only filter FerretDB pushes down to SQLite.
func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// idIn matches the documents whose _id is one of ids: one query (one scan
// on FerretDB) for a whole batch.
func idIn(ids []string) bson.D { return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}} }

// idsOf returns the _id of each document of col whose _id is in ids.
func (s *Store) idsOf(ctx context.Context, col string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	cur, err := s.col(col).Find(ctx, idIn(ids), options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	for _, d := range docs {
		out[d.ID] = true
	}
	return out, nil
}
