package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// The outbox is kept in several collections so that delivery stays fast on
// FerretDB, which pushes no filter but {_id: x} down to SQLite (any other
// query decodes the whole collection) and whose UPDATE and DELETE by _id
// still read the whole table: writes per email must be inserts, and the
// only collection updated per email must stay small.
//   - outbox: one record per email (recipient, subject, kind, ids), unique
//     on dedup_key, written once and never updated;
//   - outbox_bodies: the rendered text, HTML and attachments, written once
//     and read by _id; purged in bulk once the email is sent;
//   - outbox_due: one small document per email not yet sent or failed: its
//     schedule, attempts and lease; the only collection the delivery loop
//     scans and updates, so its cost is the backlog's, not the history's;
//   - outbox_sent and outbox_failed: one document per outcome, inserted.
//
// An email's status is read from where it is: sent, failed, else due.
//
// Queuing writes the due document first, then the body, then the record:
// a crash in between leaves a due document without a record, which the
// delivery loop deletes once it is a minute old. Never the reverse (a
// record that nobody would ever send).
const (
	colOutboxBodies = "outbox_bodies"
	colOutboxDue    = "outbox_due"
	colOutboxSent   = "outbox_sent"
	colOutboxFailed = "outbox_failed"
	// colOutboxClaims holds claim tickets, _id "<email id>:<claim number>":
	// a lease is won by inserting its ticket. Unique _id is atomic on both
	// engines (FerretDB's conditional updates are not), so no two workers,
	// in any process, ever win the same claim.
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

// outboxDue is an email waiting to be sent, or being sent.
type outboxDue struct {
	ID            string    `bson:"_id"`
	Status        string    `bson:"status"`
	NextAttemptAt time.Time `bson:"next_attempt_at"`
	LeaseUntil    time.Time `bson:"lease_until"`
	Claims        int       `bson:"claims"`
	// Round is new each time the email is (re)queued, so that claim
	// tickets of an earlier round never block a staff retry.
	Round          string    `bson:"round"`
	Attempts       int       `bson:"attempts"`
	LastError      string    `bson:"last_error,omitempty"`
	OrganisationID string    `bson:"organisation_id,omitempty"`
	MessageID      string    `bson:"message_id,omitempty"`
	CreatedAt      time.Time `bson:"created_at"`
	UpdatedAt      time.Time `bson:"updated_at"`
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
		outboxDue{ID: e.ID, Status: models.OutboxPending, NextAttemptAt: e.NextAttemptAt, Round: models.NewID(), OrganisationID: e.OrganisationID,
			MessageID: e.MessageID, CreatedAt: e.CreatedAt, UpdatedAt: e.CreatedAt}
}

// InsertOutbox queues one email. An email with the same dedup key already
// queued is not an error: it reports false, and nothing stays written.
func (s *Store) InsertOutbox(ctx context.Context, e *models.OutboxEmail) (bool, error) {
	rec, body, due := split(e)
	if _, err := s.col(colOutboxDue).InsertOne(ctx, due); err != nil {
		return false, err
	}
	if _, err := s.col(colOutboxBodies).InsertOne(ctx, body); err != nil {
		return false, err
	}
	_, err := s.col(colOutbox).InsertOne(ctx, rec)
	if isDuplicate(err) {
		return false, s.dropQueued(ctx, e.ID)
	}
	return err == nil, err
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
	for _, i := range dups {
		if err := s.dropQueued(ctx, es[i].ID); err != nil {
			return 0, err
		}
	}
	return len(es) - len(dups), nil
}

// dropQueued deletes the due document and body of an email whose record
// was not written.
func (s *Store) dropQueued(ctx context.Context, id string) error {
	if _, err := s.col(colOutboxDue).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return err
	}
	_, err := s.col(colOutboxBodies).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
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

// dueFilter matches emails a worker may lease at now: pending and due, or
// sending under a lease that expired (its worker died or hung).
func dueFilter(now time.Time) bson.D {
	return bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "status", Value: models.OutboxPending}, {Key: "next_attempt_at", Value: bson.D{{Key: "$lte", Value: now}}}},
		bson.D{{Key: "status", Value: models.OutboxSending}, {Key: "lease_until", Value: bson.D{{Key: "$lte", Value: now}}}},
	}}}
}

// ClaimOutbox leases up to limit due emails to the caller, identified by
// token, until now+lease, and returns them, oldest due first, with their
// bodies; emails in skip (those the caller already holds) are left out.
// No two callers, in this process or another, hold a lease on the same
// email at once: each lease is won by inserting its claim ticket. On the
// embedded store, which one process alone delivers from, the won lease is
// not written to the due document (an update there costs a table scan):
// the caller's own bookkeeping (skip) keeps it.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int, token string, skip []string) ([]models.OutboxEmail, error) {
	filter := dueFilter(now)
	if len(skip) > 0 {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$nin", Value: skip}}})
	}
	cur, err := s.col(colOutboxDue).Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "next_attempt_at", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, err
	}
	var due []outboxDue
	if err := cur.All(ctx, &due); err != nil {
		return nil, err
	}
	if len(due) == 0 {
		return nil, nil
	}
	tickets := make([]any, len(due))
	for i, d := range due {
		tickets[i] = bson.D{{Key: "_id", Value: ticketID(d)}, {Key: "created_at", Value: now}}
	}
	lost, err := insertManyDuplicates(ctx, s.col(colOutboxClaims), tickets)
	if err != nil {
		return nil, err
	}
	skipped := make(map[int]bool, len(lost))
	for _, i := range lost {
		skipped[i] = true
	}
	out := make([]models.OutboxEmail, 0, len(due))
	for i, d := range due {
		if skipped[i] {
			continue
		}
		e, err := s.leaseOne(ctx, d, now, lease, token)
		if err != nil {
			return out, err
		}
		if e != nil {
			out = append(out, *e)
		}
	}
	return out, nil
}

// leaseOne records a won lease and loads the email; nil when there is
// nothing to send: an email already sent (its due document outlived a
// crash), an orphan of a crash (removed), or one still being queued.
func (s *Store) leaseOne(ctx context.Context, d outboxDue, now time.Time, lease time.Duration, token string) (*models.OutboxEmail, error) {
	if found, err := s.exists(ctx, colOutboxSent, d.ID); err != nil || found {
		if err == nil {
			_, err = s.col(colOutboxDue).DeleteOne(ctx, byID(d.ID))
		}
		return nil, err
	}
	var e models.OutboxEmail
	err := s.col(colOutbox).FindOne(ctx, byID(d.ID)).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		if now.Sub(d.CreatedAt) > orphanAge {
			return nil, s.dropQueued(ctx, d.ID)
		}
		// Still being queued: give the claim back for a later look.
		_, err := s.col(colOutboxClaims).DeleteOne(ctx, byID(ticketID(d)))
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	var b outboxBody
	if err := s.col(colOutboxBodies).FindOne(ctx, byID(d.ID)).Decode(&b); err != nil {
		return nil, err
	}
	if s.embedded == nil {
		if _, err := s.col(colOutboxDue).UpdateOne(ctx, byID(d.ID), bson.D{
			{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxSending}, {Key: "lease_until", Value: now.Add(lease)}}},
			{Key: "$inc", Value: bson.D{{Key: "claims", Value: 1}}},
		}); err != nil {
			return nil, err
		}
	}
	e.Text, e.HTML, e.Attachments = b.Text, b.HTML, b.Attachments
	e.Status, e.Attempts, e.LastError, e.NextAttemptAt = models.OutboxSending, d.Attempts, d.LastError, d.NextAttemptAt
	e.LeaseToken, e.LeaseUntil, e.Claims = token, now.Add(lease), d.Claims+1
	return &e, nil
}

func (s *Store) exists(ctx context.Context, col, id string) (bool, error) {
	err := s.col(col).FindOne(ctx, byID(id), options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, err
}

// ticketID names the claim ticket of an email's next lease.
func ticketID(d outboxDue) string { return d.ID + ":" + d.Round + ":" + itoa(d.Claims) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// byID is the only filter FerretDB pushes down to SQLite.
func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// MarkOutboxSent records that the server accepted the emails (one bulk
// insert). The claim tickets made the caller their only sender; if the
// process dies before this write, the emails are sent again once their
// leases end: at worst twice, never lost. Their due documents are removed
// later, in bulk, by ForgetOutboxDue.
func (s *Store) MarkOutboxSent(ctx context.Context, emails []models.OutboxEmail, now time.Time) error {
	if len(emails) == 0 {
		return nil
	}
	docs := make([]any, len(emails))
	for i, e := range emails {
		docs[i] = outboxOutcome{ID: e.ID, Attempts: e.Attempts + 1, OrganisationID: e.OrganisationID, MessageID: e.MessageID, At: now}
	}
	_, err := insertManyDuplicates(ctx, s.col(colOutboxSent), docs)
	return err
}

// ForgetOutboxDue deletes the due documents of emails sent, one by one:
// on FerretDB only a filter on _id alone avoids decoding the collection.
func (s *Store) ForgetOutboxDue(ctx context.Context, ids []string) error {
	for _, id := range ids {
		if _, err := s.col(colOutboxDue).DeleteOne(ctx, byID(id)); err != nil {
			return err
		}
	}
	return nil
}

// MarkOutboxRetry records a temporary failure: the email is due again at
// next, after attempts attempts.
func (s *Store) MarkOutboxRetry(ctx context.Context, id string, attempts int, next time.Time, lastErr string, now time.Time) error {
	_, err := s.col(colOutboxDue).UpdateOne(ctx, byID(id), bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: models.OutboxPending}, {Key: "next_attempt_at", Value: next}, {Key: "lease_until", Value: time.Time{}},
		{Key: "attempts", Value: attempts}, {Key: "last_error", Value: lastErr}, {Key: "updated_at", Value: now}}}})
	return err
}

// MarkOutboxFailed records a permanent failure after attempts attempts;
// only a staff retry sends the email again (its body is kept for that).
func (s *Store) MarkOutboxFailed(ctx context.Context, e *models.OutboxEmail, attempts int, lastErr string, now time.Time) error {
	_, err := s.col(colOutboxFailed).InsertOne(ctx, outboxOutcome{ID: e.ID, Attempts: attempts, LastError: lastErr,
		OrganisationID: e.OrganisationID, MessageID: e.MessageID, At: now})
	if err != nil && !isDuplicate(err) {
		return err
	}
	_, err = s.col(colOutboxDue).DeleteOne(ctx, byID(e.ID))
	return err
}

// ReleaseOutbox hands leased emails back unsent (at shutdown), so that the
// next worker need not wait for their leases to expire.
func (s *Store) ReleaseOutbox(ctx context.Context, ids []string) error {
	if len(ids) == 0 || s.embedded != nil {
		return nil // the embedded store's leases live in its process only
	}
	_, err := s.col(colOutboxDue).UpdateMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}, {Key: "status", Value: models.OutboxSending}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxPending}, {Key: "lease_until", Value: time.Time{}}}}})
	return err
}

// ReleaseAllOutboxLeases hands back every leased email. Only a process that
// alone delivers from this store (the embedded one) may call it, at start:
// the leases it finds are those of its own previous run, which died.
func (s *Store) ReleaseAllOutboxLeases(ctx context.Context) (int64, error) {
	res, err := s.col(colOutboxDue).UpdateMany(ctx, bson.D{{Key: "status", Value: models.OutboxSending}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxPending}, {Key: "lease_until", Value: time.Time{}}}}})
	if err != nil {
		return 0, err
	}
	return res.ModifiedCount, nil
}

// PurgeOutbox deletes claim tickets older than before (they matter for
// seconds), and the bodies of up to limit emails sent before then, in
// bulk: nobody reads a sent email's body again.
func (s *Store) PurgeOutbox(ctx context.Context, before time.Time, limit int) error {
	if _, err := s.col(colOutboxClaims).DeleteMany(ctx, bson.D{{Key: "created_at", Value: bson.D{{Key: "$lt", Value: before}}}}); err != nil {
		return err
	}
	cur, err := s.col(colOutboxSent).Find(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}},
		{Key: "body_purged", Value: bson.D{{Key: "$exists", Value: false}}}}, options.Find().SetLimit(int64(limit)).
		SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return err
	}
	var sent []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &sent); err != nil || len(sent) == 0 {
		return err
	}
	ids := make([]string, len(sent))
	for i, x := range sent {
		ids[i] = x.ID
	}
	if _, err := s.col(colOutboxBodies).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
		return err
	}
	_, err = s.col(colOutboxSent).UpdateMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "body_purged", Value: true}}}})
	return err
}

// resolve fills an email record's status, attempts and last error from
// where the email is now: sent, failed, or due.
func (s *Store) resolve(ctx context.Context, e *models.OutboxEmail) error {
	var o outboxOutcome
	err := s.col(colOutboxSent).FindOne(ctx, byID(e.ID)).Decode(&o)
	if err == nil {
		at := o.At
		e.Status, e.Attempts, e.LastError, e.SentAt, e.UpdatedAt = models.OutboxSent, o.Attempts, "", &at, o.At
		return nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return err
	}
	var d outboxDue
	err = s.col(colOutboxDue).FindOne(ctx, byID(e.ID)).Decode(&d)
	if err == nil {
		e.Status, e.Attempts, e.LastError, e.NextAttemptAt, e.UpdatedAt = d.Status, d.Attempts, d.LastError, d.NextAttemptAt, d.UpdatedAt
		return nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return err
	}
	err = s.col(colOutboxFailed).FindOne(ctx, byID(e.ID)).Decode(&o)
	if err == nil {
		e.Status, e.Attempts, e.LastError, e.UpdatedAt = models.OutboxFailed, o.Attempts, o.LastError, o.At
		return nil
	}
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil // being queued
	}
	return err
}

// OutboxByID returns one email's record (without its body).
func (s *Store) OutboxByID(ctx context.Context, id string) (*models.OutboxEmail, error) {
	var e models.OutboxEmail
	if err := s.col(colOutbox).FindOne(ctx, byID(id)).Decode(&e); err != nil {
		return nil, notFoundOr(err, "email")
	}
	return &e, s.resolve(ctx, &e)
}

// OutboxByDedupKey returns the record of the email queued under key.
func (s *Store) OutboxByDedupKey(ctx context.Context, key string) (*models.OutboxEmail, error) {
	var e models.OutboxEmail
	if err := s.col(colOutbox).FindOne(ctx, bson.D{{Key: "dedup_key", Value: key}}).Decode(&e); err != nil {
		return nil, notFoundOr(err, "email")
	}
	return &e, s.resolve(ctx, &e)
}

// OutboxFilter selects emails for staff: one organisation's (empty: all,
// for an admin), in one status (empty: any), newest first, after the
// cursor (an email id) when given.
type OutboxFilter struct {
	OrganisationID string
	Status         string
	After          string
	Limit          int
}

// ListOutbox returns one page of emails, newest first.
func (s *Store) ListOutbox(ctx context.Context, f OutboxFilter) ([]models.OutboxEmail, error) {
	col, filter := colOutbox, bson.D{}
	switch f.Status {
	case models.OutboxSent:
		col = colOutboxSent
	case models.OutboxFailed:
		col = colOutboxFailed
	case models.OutboxPending, models.OutboxSending:
		col = colOutboxDue
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	if f.OrganisationID != "" {
		filter = append(filter, bson.E{Key: "organisation_id", Value: f.OrganisationID})
	}
	if f.After != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: f.After}}})
	}
	cur, err := s.col(col).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).
		SetLimit(int64(f.Limit)).SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return nil, err
	}
	out := make([]models.OutboxEmail, 0, len(ids))
	for _, x := range ids {
		e, err := s.OutboxByID(ctx, x.ID)
		if models.IsCode(err, models.ErrNotFound) {
			continue // still being queued
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, nil
}

// RetryOutbox makes a failed email due now, with a fresh count of
// attempts. It reports false when the email was not failed.
func (s *Store) RetryOutbox(ctx context.Context, id string, now time.Time) (bool, error) {
	var o outboxOutcome
	err := s.col(colOutboxFailed).FindOne(ctx, byID(id)).Decode(&o)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := s.col(colOutboxDue).InsertOne(ctx, outboxDue{ID: id, Status: models.OutboxPending, NextAttemptAt: now,
		Round: models.NewID(), OrganisationID: o.OrganisationID, MessageID: o.MessageID, CreatedAt: now, UpdatedAt: now}); err != nil && !isDuplicate(err) {
		return false, err
	}
	_, err = s.col(colOutboxFailed).DeleteOne(ctx, byID(id))
	return err == nil, err
}

// CountOutboxByMessage counts an organiser message's emails by status.
func (s *Store) CountOutboxByMessage(ctx context.Context, messageID string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, c := range []struct{ col, status string }{{colOutboxSent, models.OutboxSent}, {colOutboxFailed, models.OutboxFailed}} {
		n, err := s.col(c.col).CountDocuments(ctx, bson.D{{Key: "message_id", Value: messageID}})
		if err != nil {
			return nil, err
		}
		out[c.status] = n
	}
	for _, st := range []string{models.OutboxPending, models.OutboxSending} {
		n, err := s.col(colOutboxDue).CountDocuments(ctx, bson.D{{Key: "message_id", Value: messageID}, {Key: "status", Value: st}})
		if err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, nil
}

// DueOutbox returns every email waiting to be sent, with when it is due.
// A process that alone delivers from the store (the embedded one) reads it
// once at start and then keeps its queue in memory, because every scan of
// a collection is slow on FerretDB.
func (s *Store) DueOutbox(ctx context.Context) (map[string]time.Time, error) {
	cur, err := s.col(colOutboxDue).Find(ctx, bson.D{}, options.Find().
		SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "next_attempt_at", Value: 1}}))
	if err != nil {
		return nil, err
	}
	defer cur.Close(context.WithoutCancel(ctx))
	out := map[string]time.Time{}
	for cur.Next(ctx) {
		var d outboxDue
		if err := cur.Decode(&d); err != nil {
			return nil, err
		}
		out[d.ID] = d.NextAttemptAt
	}
	return out, cur.Err()
}

// LeaseOutboxByID leases the given emails, which the caller knows to be
// due and alone delivers (see DueOutbox), and returns those still to send.
func (s *Store) LeaseOutboxByID(ctx context.Context, ids []string, now time.Time, lease time.Duration, token string) ([]models.OutboxEmail, error) {
	out := make([]models.OutboxEmail, 0, len(ids))
	for _, id := range ids {
		var d outboxDue
		err := s.col(colOutboxDue).FindOne(ctx, byID(id)).Decode(&d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return out, err
		}
		e, err := s.leaseOne(ctx, d, now, lease, token)
		if err != nil {
			return out, err
		}
		if e != nil {
			out = append(out, *e)
		}
	}
	return out, nil
}
