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

// colOutboxClaims holds claim tickets: one document per lease ever taken on
// an outbox email, with _id "<email id>:<claim number>". Its unique _id is
// what makes a claim exclusive on both engines: FerretDB's conditional
// updates are not atomic, but its unique indexes are.
const colOutboxClaims = "outbox_claims"

// InsertOutbox queues one email. An email with the same dedup key already
// queued is not an error: it reports false, nothing is written.
func (s *Store) InsertOutbox(ctx context.Context, e *models.OutboxEmail) (bool, error) {
	_, err := s.col(colOutbox).InsertOne(ctx, e)
	if isDuplicate(err) {
		return false, nil
	}
	return err == nil, err
}

// InsertOutboxMany queues many emails in one unordered write and returns how
// many were new; emails whose dedup key is already queued are skipped.
func (s *Store) InsertOutboxMany(ctx context.Context, es []models.OutboxEmail) (int, error) {
	if len(es) == 0 {
		return 0, nil
	}
	return insertManySkippingDuplicates(ctx, s.col(colOutbox), es)
}

// insertManySkippingDuplicates inserts docs unordered and counts the ones
// written; duplicate-key failures are expected and skipped, any other
// failure is returned.
func insertManySkippingDuplicates[T any](ctx context.Context, col *mongo.Collection, docs []T) (int, error) {
	res, err := col.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err == nil {
		return len(res.InsertedIDs), nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
		return 0, err
	}
	for _, we := range bwe.WriteErrors {
		if !isDuplicateCode(we.Code) {
			return 0, err
		}
	}
	return len(docs) - len(bwe.WriteErrors), nil
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
// token, until now+lease, and returns them oldest due first. No two callers,
// in this process or another, ever hold a lease on the same email at once:
// each lease is won by inserting its unique claim ticket, then recorded by
// an update conditional on the email still being due (the guard on MongoDB,
// where conditional updates are atomic).
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int, token string) ([]models.OutboxEmail, error) {
	cur, err := s.col(colOutbox).Find(ctx, dueFilter(now), options.Find().
		SetSort(bson.D{{Key: "next_attempt_at", Value: 1}}).SetLimit(int64(limit)).
		SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "claims", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var due []struct {
		ID     string `bson:"_id"`
		Claims int    `bson:"claims"`
	}
	if err := cur.All(ctx, &due); err != nil {
		return nil, err
	}
	if len(due) == 0 {
		return nil, nil
	}
	tickets := make([]any, len(due))
	for i, d := range due {
		tickets[i] = bson.D{{Key: "_id", Value: claimTicket(d.ID, d.Claims)}, {Key: "created_at", Value: now}}
	}
	won := make([]string, 0, len(due))
	lost := map[int]bool{}
	if _, err := s.col(colOutboxClaims).InsertMany(ctx, tickets, options.InsertMany().SetOrdered(false)); err != nil {
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) {
			return nil, err
		}
		for _, we := range bwe.WriteErrors {
			if !isDuplicateCode(we.Code) {
				return nil, err
			}
			lost[we.Index] = true
		}
	}
	for i, d := range due {
		if !lost[i] {
			won = append(won, d.ID)
		}
	}
	if len(won) == 0 {
		return nil, nil
	}
	filter := append(bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: won}}}}, dueFilter(now)...)
	if _, err := s.col(colOutbox).UpdateMany(ctx, filter, bson.D{
		{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxSending},
			{Key: "lease_until", Value: now.Add(lease)}, {Key: "lease_token", Value: token}, {Key: "updated_at", Value: now}}},
		{Key: "$inc", Value: bson.D{{Key: "claims", Value: 1}}},
	}); err != nil {
		return nil, err
	}
	cur, err = s.col(colOutbox).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: won}}},
		{Key: "lease_token", Value: token}, {Key: "status", Value: models.OutboxSending}},
		options.Find().SetSort(bson.D{{Key: "next_attempt_at", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var out []models.OutboxEmail
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func claimTicket(id string, claims int) string {
	return id + ":" + itoa(claims)
}

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

// leased matches the emails still leased by token.
func leased(ids []string, token string) bson.D {
	return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}},
		{Key: "lease_token", Value: token}, {Key: "status", Value: models.OutboxSending}}
}

// MarkOutboxSent records that the server accepted the emails leased by
// token. If the process dies before this write, the emails are sent again
// after their lease expires: at worst twice, never lost.
func (s *Store) MarkOutboxSent(ctx context.Context, ids []string, token string, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.col(colOutbox).UpdateMany(ctx, leased(ids, token), bson.D{
		{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxSent}, {Key: "sent_at", Value: now},
			{Key: "updated_at", Value: now}, {Key: "lease_until", Value: time.Time{}}, {Key: "last_error", Value: ""}}},
		{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
	})
	return err
}

// MarkOutboxRetry records a temporary failure: the email is due again at
// next.
func (s *Store) MarkOutboxRetry(ctx context.Context, id, token string, next time.Time, lastErr string, now time.Time) error {
	_, err := s.col(colOutbox).UpdateOne(ctx, leased([]string{id}, token), bson.D{
		{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxPending}, {Key: "next_attempt_at", Value: next},
			{Key: "lease_until", Value: time.Time{}}, {Key: "last_error", Value: lastErr}, {Key: "updated_at", Value: now}}},
		{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
	})
	return err
}

// MarkOutboxFailed records a permanent failure; only a staff retry sends
// the email again.
func (s *Store) MarkOutboxFailed(ctx context.Context, id, token, lastErr string, now time.Time) error {
	_, err := s.col(colOutbox).UpdateOne(ctx, leased([]string{id}, token), bson.D{
		{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxFailed},
			{Key: "lease_until", Value: time.Time{}}, {Key: "last_error", Value: lastErr}, {Key: "updated_at", Value: now}}},
		{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
	})
	return err
}

// ReleaseOutbox hands leased emails back unsent (at shutdown), so that the
// next worker need not wait for their leases to expire.
func (s *Store) ReleaseOutbox(ctx context.Context, ids []string, token string, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.col(colOutbox).UpdateMany(ctx, leased(ids, token), bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: models.OutboxPending}, {Key: "lease_until", Value: time.Time{}}, {Key: "updated_at", Value: now}}}})
	return err
}

// ReleaseAllOutboxLeases hands back every leased email. Only a process that
// alone delivers from this store (the embedded one) may call it, at start:
// the leases it finds are those of its own previous run, which died.
func (s *Store) ReleaseAllOutboxLeases(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.col(colOutbox).UpdateMany(ctx, bson.D{{Key: "status", Value: models.OutboxSending}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxPending},
			{Key: "lease_until", Value: time.Time{}}, {Key: "updated_at", Value: now}}}})
	if err != nil {
		return 0, err
	}
	return res.ModifiedCount, nil
}

// PurgeOutboxClaims deletes claim tickets older than before. A ticket only
// matters while a competing claimer may still hold the email's old claim
// count, a matter of seconds.
func (s *Store) PurgeOutboxClaims(ctx context.Context, before time.Time) error {
	_, err := s.col(colOutboxClaims).DeleteMany(ctx, bson.D{{Key: "created_at", Value: bson.D{{Key: "$lt", Value: before}}}})
	return err
}

// NextOutboxDue returns when the earliest pending email falls due, or the
// zero time when none is pending.
func (s *Store) NextOutboxDue(ctx context.Context) (time.Time, error) {
	var e struct {
		Next time.Time `bson:"next_attempt_at"`
	}
	err := s.col(colOutbox).FindOne(ctx, bson.D{{Key: "status", Value: models.OutboxPending}},
		options.FindOne().SetSort(bson.D{{Key: "next_attempt_at", Value: 1}}).
			SetProjection(bson.D{{Key: "next_attempt_at", Value: 1}})).Decode(&e)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return time.Time{}, nil
	}
	return e.Next, err
}

// OutboxByID returns one email.
func (s *Store) OutboxByID(ctx context.Context, id string) (*models.OutboxEmail, error) {
	var e models.OutboxEmail
	if err := s.col(colOutbox).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&e); err != nil {
		return nil, notFoundOr(err, "email")
	}
	return &e, nil
}

// OutboxByDedupKey returns the email queued under key.
func (s *Store) OutboxByDedupKey(ctx context.Context, key string) (*models.OutboxEmail, error) {
	var e models.OutboxEmail
	if err := s.col(colOutbox).FindOne(ctx, bson.D{{Key: "dedup_key", Value: key}}).Decode(&e); err != nil {
		return nil, notFoundOr(err, "email")
	}
	return &e, nil
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
	filter := bson.D{}
	if f.OrganisationID != "" {
		filter = append(filter, bson.E{Key: "organisation_id", Value: f.OrganisationID})
	}
	if f.Status != "" {
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	if f.After != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: f.After}}})
	}
	cur, err := s.col(colOutbox).Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(f.Limit)).
		SetProjection(bson.D{{Key: "text", Value: 0}, {Key: "html", Value: 0}, {Key: "attachments", Value: 0}}))
	if err != nil {
		return nil, err
	}
	out := []models.OutboxEmail{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// RetryOutbox makes a failed email pending again, due now, with a fresh
// count of attempts. It reports false when the email was not failed.
func (s *Store) RetryOutbox(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.col(colOutbox).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: models.OutboxFailed}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: models.OutboxPending}, {Key: "attempts", Value: 0},
			{Key: "next_attempt_at", Value: now}, {Key: "updated_at", Value: now}}}})
	if err != nil {
		return false, err
	}
	return res.ModifiedCount == 1, nil
}

// CountOutboxByMessage counts an organiser message's emails by status.
func (s *Store) CountOutboxByMessage(ctx context.Context, messageID string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, st := range models.OutboxStatuses {
		n, err := s.col(colOutbox).CountDocuments(ctx, bson.D{{Key: "message_id", Value: messageID}, {Key: "status", Value: st}})
		if err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, nil
}
