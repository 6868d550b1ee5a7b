package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store/transfer"
)

// Export and Import move the whole database through transfer's
// model-level records (see store/transfer). What only this store keeps
// (claim tickets, due documents' rounds) is left out of an export and
// made afresh by an import.

var _ interface {
	transfer.Exporter
	transfer.Importer
} = (*Store)(nil)

// activityDoc is an activity document with the mark the model leaves out.
type activityDoc struct {
	models.Activity      `bson:",inline"`
	PersonalDataErasedAt *time.Time `bson:"personal_data_erased_at,omitempty"`
}

// outboxRecordDoc is an outbox record with the mark the model leaves out.
type outboxRecordDoc struct {
	models.OutboxEmail `bson:",inline"`
	ErasedAt           *time.Time `bson:"erased_at,omitempty"`
}

// reminderRun is a document of colReminderRuns.
type reminderRun struct {
	ID       string    `bson:"_id"`
	QueuedAt time.Time `bson:"queued_at"`
}

// Export hands every record to sink, each collection in _id order.
// MongoDB takes no snapshot across collections: export a database that no
// instance is writing to, or the export may catch a sequence of steps
// half done.
func (s *Store) Export(ctx context.Context, sink transfer.Sink) error {
	steps := []func() error{
		func() error { return eachDoc(ctx, s, colOrganisations, sink.Organisation) },
		func() error { return eachDoc(ctx, s, colUsers, sink.User) },
		func() error { return eachDoc(ctx, s, colSessions, sink.Session) },
		func() error { return eachDoc(ctx, s, colInvitations, sink.Invitation) },
		func() error { return s.exportActivities(ctx, sink) },
		func() error { return eachDoc(ctx, s, colSignups, sink.Signup) },
		func() error { return eachDoc(ctx, s, colMessages, sink.Message) },
		func() error { return s.exportOutbox(ctx, sink) },
		func() error { return eachDoc(ctx, s, colIdempotency, sink.IdempotencyKey) },
		func() error { return eachDoc(ctx, s, colAudit, sink.AuditEntry) },
		func() error { return eachDoc(ctx, s, colCertificates, sink.Certificate) },
		func() error { return eachDoc(ctx, s, colSeries, sink.Series) },
		func() error { return eachDoc(ctx, s, colSeriesSignups, sink.SeriesSignup) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// eachDoc decodes every document of col, in _id order, and calls fn.
func eachDoc[T any](ctx context.Context, s *Store, col string, fn func(*T) error) error {
	cur, err := s.col(col).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("%s: %w", col, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		var v T
		if err := cur.Decode(&v); err != nil {
			return fmt.Errorf("%s: %w", col, err)
		}
		if err := fn(&v); err != nil {
			return err
		}
	}
	return cur.Err()
}

// byIDOf reads a whole collection into a map by _id.
func byIDOf[T any](ctx context.Context, s *Store, col string, id func(*T) string) (map[string]*T, error) {
	out := map[string]*T{}
	return out, eachDoc(ctx, s, col, func(v *T) error {
		out[id(v)] = v
		return nil
	})
}

func (s *Store) exportActivities(ctx context.Context, sink transfer.Sink) error {
	runs, err := byIDOf(ctx, s, colReminderRuns, func(r *reminderRun) string { return r.ID })
	if err != nil {
		return err
	}
	return eachDoc(ctx, s, colActivities, func(d *activityDoc) error {
		a := &transfer.Activity{Activity: d.Activity, PersonalDataErasedAt: d.PersonalDataErasedAt}
		if r, ok := runs[d.ID]; ok {
			a.RemindersQueuedAt = &r.QueuedAt
		}
		return sink.Activity(a)
	})
}

// exportOutbox hands over every email with its body and delivery state,
// read from where they are (see outbox.go): the record, then the outcome
// or due document as resolve reads them, and the body unless sent. The
// other collections are read whole beforehand: on FerretDB one query per
// email would scan them once per email.
func (s *Store) exportOutbox(ctx context.Context, sink transfer.Sink) error {
	outcome := func(o *outboxOutcome) string { return o.ID }
	sent, err := byIDOf(ctx, s, colOutboxSent, outcome)
	if err != nil {
		return err
	}
	failed, err := byIDOf(ctx, s, colOutboxFailed, outcome)
	if err != nil {
		return err
	}
	due, err := byIDOf(ctx, s, colOutboxDue, func(d *outboxDue) string { return d.ID })
	if err != nil {
		return err
	}
	bodies, err := byIDOf(ctx, s, colOutboxBodies, func(b *outboxBody) string { return b.ID })
	if err != nil {
		return err
	}
	return eachDoc(ctx, s, colOutbox, func(rec *outboxRecordDoc) error {
		e := rec.OutboxEmail
		if o, ok := sent[e.ID]; ok {
			at := o.At
			e.Status, e.Attempts, e.LastError, e.SentAt, e.UpdatedAt = models.OutboxSent, o.Attempts, "", &at, o.At
		} else if d, ok := due[e.ID]; ok {
			e.Status, e.Attempts, e.LastError, e.NextAttemptAt, e.UpdatedAt = d.Status, d.Attempts, d.LastError, d.NextAttemptAt, d.UpdatedAt
			e.LeaseUntil, e.Claims = d.LeaseUntil, d.Claims
		} else if o, ok := failed[e.ID]; ok {
			e.Status, e.Attempts, e.LastError, e.UpdatedAt = models.OutboxFailed, o.Attempts, o.LastError, o.At
		}
		if b, ok := bodies[e.ID]; ok && e.Status != models.OutboxSent {
			e.Text, e.HTML, e.Attachments = b.Text, b.HTML, b.Attachments
		}
		return sink.Email(&transfer.Email{OutboxEmail: e, ErasedAt: rec.ErasedAt})
	})
}
