package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/transfer"
)

// importCollections are every collection an import writes, in the order
// they are written at the end: an email's due document and body before
// its record, as queuing writes them.
var importCollections = []string{colOrganisations, colUsers, colSessions, colInvitations, colActivities,
	colReminderRuns, colSignups, colMessages, colOutboxDue, colOutboxBodies, colOutboxSent, colOutboxFailed,
	colOutbox, colIdempotency, colAudit, colCertificates, colSeries, colSeriesSignups}

// importBatch is how many documents one InsertMany writes.
const importBatch = 500

// Import refuses a database that holds any document, then stores every
// record load hands over as it is, in bulk inserts. The activity's taken
// seats are the party sum of its holders. MongoDB has no transaction
// here: an import that fails leaves what it wrote; drop the database
// before trying again.
func (s *Store) Import(ctx context.Context, load func(sink transfer.Sink) error) error {
	for _, col := range append(importCollections, colOutboxClaims) {
		err := s.col(col).FindOne(ctx, bson.D{}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		if err == nil {
			return fmt.Errorf("%w (collection %s has documents)", transfer.ErrNotEmpty, col)
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return err
		}
	}
	l := &mongoLoader{ctx: ctx, s: s, docs: map[string][]any{}}
	if err := load(l); err != nil {
		return err
	}
	for _, col := range importCollections {
		if err := l.flush(col); err != nil {
			return err
		}
	}
	return nil
}

// mongoLoader is the Sink of an import: it buffers documents per
// collection and writes them importBatch at a time.
type mongoLoader struct {
	ctx  context.Context
	s    *Store
	docs map[string][]any
}

func (l *mongoLoader) add(col string, doc any) error {
	l.docs[col] = append(l.docs[col], doc)
	if len(l.docs[col]) < importBatch {
		return nil
	}
	return l.flush(col)
}

func (l *mongoLoader) flush(col string) error {
	docs := l.docs[col]
	if len(docs) == 0 {
		return nil
	}
	l.docs[col] = docs[:0]
	if _, err := l.s.col(col).InsertMany(l.ctx, docs); err != nil {
		return fmt.Errorf("%s: %w", col, err)
	}
	return nil
}

func (l *mongoLoader) Organisation(o *models.Organisation) error  { return l.add(colOrganisations, o) }
func (l *mongoLoader) User(u *models.User) error                  { return l.add(colUsers, u) }
func (l *mongoLoader) Session(s *models.Session) error            { return l.add(colSessions, s) }
func (l *mongoLoader) Invitation(inv *models.Invitation) error    { return l.add(colInvitations, inv) }
func (l *mongoLoader) Signup(su *models.Signup) error             { return l.add(colSignups, su) }
func (l *mongoLoader) Message(m *models.Message) error            { return l.add(colMessages, m) }
func (l *mongoLoader) AuditEntry(e *models.AuditEntry) error      { return l.add(colAudit, e) }
func (l *mongoLoader) Certificate(c *models.Certificate) error    { return l.add(colCertificates, c) }
func (l *mongoLoader) Series(sr *models.Series) error             { return l.add(colSeries, sr) }
func (l *mongoLoader) SeriesSignup(ss *models.SeriesSignup) error { return l.add(colSeriesSignups, ss) }
func (l *mongoLoader) IdempotencyKey(r *models.IdempotencyRecord) error {
	return l.add(colIdempotency, r)
}

// Activity stores the activity document, its seats_taken the party sum of
// its holders, and the reminders' mark in its own collection.
func (l *mongoLoader) Activity(x *transfer.Activity) error {
	a := x.Activity
	a.SeatsTaken = 0
	for _, h := range a.SeatHolders {
		a.SeatsTaken += h.Party
	}
	if a.SeatHolders == nil {
		a.SeatHolders = []models.SeatHolder{}
	}
	if err := l.add(colActivities, activityDoc{Activity: a, PersonalDataErasedAt: x.PersonalDataErasedAt}); err != nil {
		return err
	}
	if x.RemindersQueuedAt == nil {
		return nil
	}
	return l.add(colReminderRuns, reminderRun{ID: a.ID, QueuedAt: *x.RemindersQueuedAt})
}

// Email stores an email where its status puts it (see outbox.go): its
// record always, its body while it has one, and a due document (waiting)
// or an outcome (sent, failed).
func (l *mongoLoader) Email(x *transfer.Email) error {
	e := &x.OutboxEmail
	rec, body, due := split(e)
	if body.Text != "" || body.HTML != "" || len(body.Attachments) > 0 {
		if err := l.add(colOutboxBodies, body); err != nil {
			return err
		}
	}
	var err error
	switch e.Status {
	case models.OutboxPending, models.OutboxSending:
		due.Status, due.Attempts, due.LastError, due.UpdatedAt = e.Status, e.Attempts, e.LastError, e.UpdatedAt
		due.LeaseUntil, due.Claims = e.LeaseUntil, e.Claims
		err = l.add(colOutboxDue, due)
	case models.OutboxSent:
		at := e.UpdatedAt
		if e.SentAt != nil {
			at = *e.SentAt
		}
		err = l.add(colOutboxSent, outboxOutcome{ID: e.ID, Attempts: e.Attempts, OrganisationID: e.OrganisationID,
			MessageID: e.MessageID, At: at})
	case models.OutboxFailed:
		err = l.add(colOutboxFailed, outboxOutcome{ID: e.ID, Attempts: e.Attempts, LastError: e.LastError,
			OrganisationID: e.OrganisationID, MessageID: e.MessageID, At: e.UpdatedAt})
	default:
		return fmt.Errorf("email %s: unknown status %q", e.ID, e.Status)
	}
	if err != nil {
		return err
	}
	return l.add(colOutbox, outboxRecordDoc{OutboxEmail: rec, ErasedAt: x.ErasedAt})
}
