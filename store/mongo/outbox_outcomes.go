package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Outcomes are recorded a batch at a time, with one bulk write per kind of
// outcome and collection: on FerretDB each write costs a scan, whatever
// the number of emails it covers.

// RecordOutboxSent records that the server accepted the emails: one
// insert of their outcomes, which is cheap on both engines. Workers call it
// as soon as a chunk is sent, so that the emails a crash can send twice are
// only those between the server's OK and this write; the due documents and
// bodies are deleted later, a batch at a time, by DropOutboxQueued. An
// email recorded twice is recorded once.
func (s *Store) RecordOutboxSent(ctx context.Context, emails []models.OutboxEmail, now time.Time) error {
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

// DropOutboxQueued deletes the due documents and bodies of emails whose
// outcome is recorded. If the process dies before, RecoverOutbox or the
// next claim deletes what is left, without sending again.
func (s *Store) DropOutboxQueued(ctx context.Context, ids []string) error {
	return s.dropQueued(ctx, ids)
}

// MarkOutboxRetry records temporary failures, with one update per group
// of emails sharing attempts, next time and error (a batch that met a
// mail server outage is one group). On FerretDB an update still costs a
// table read per email, which only a backlog of retries pays.
func (s *Store) MarkOutboxRetry(ctx context.Context, retries []store.OutboxRetry, now time.Time) error {
	type key struct {
		attempts int
		next     time.Time
		err      string
	}
	groups := map[key][]string{}
	var order []key
	for _, r := range retries {
		k := key{r.Attempts, r.Next, r.LastError}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r.ID)
	}
	for _, k := range order {
		ids := groups[k]
		filter := idIn(ids)
		if len(ids) == 1 {
			filter = byID(ids[0])
		}
		if _, err := s.col(colOutboxDue).UpdateMany(ctx, filter, bson.D{{Key: "$set", Value: bson.D{
			{Key: "status", Value: models.OutboxPending}, {Key: "next_attempt_at", Value: k.next}, {Key: "lease_until", Value: time.Time{}},
			{Key: "attempts", Value: k.attempts}, {Key: "last_error", Value: k.err}, {Key: "updated_at", Value: now}}}}); err != nil {
			return err
		}
	}
	return nil
}

// MarkOutboxFailed records permanent failures: one insert of outcomes, one
// delete of due documents. Only a staff retry sends such an email again
// (its body is kept for that).
func (s *Store) MarkOutboxFailed(ctx context.Context, fails []store.OutboxFailure, now time.Time) error {
	if len(fails) == 0 {
		return nil
	}
	docs, ids := make([]any, len(fails)), make([]string, len(fails))
	for i, f := range fails {
		docs[i] = outboxOutcome{ID: f.Email.ID, Attempts: f.Attempts, LastError: f.LastError,
			OrganisationID: f.Email.OrganisationID, MessageID: f.Email.MessageID, At: now}
		ids[i] = f.Email.ID
	}
	if _, err := insertManyDuplicates(ctx, s.col(colOutboxFailed), docs); err != nil {
		return err
	}
	_, err := s.col(colOutboxDue).DeleteMany(ctx, idIn(ids))
	return err
}

// PurgeOutbox deletes claim tickets older than before: they matter for
// the length of a lease. (Bodies go when their email is sent.)
func (s *Store) PurgeOutbox(ctx context.Context, before time.Time) error {
	_, err := s.col(colOutboxClaims).DeleteMany(ctx, bson.D{{Key: "created_at", Value: bson.D{{Key: "$lt", Value: before}}}})
	return err
}
