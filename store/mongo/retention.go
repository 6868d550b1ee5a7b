package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// Retention erases attendees' personal data some time after their activity
// ended. What stays is anonymous: a signup keeps its status, party size,
// language and times, so counts and reports do not change. An activity
// whose attendees were all erased is marked, so that the job does not look
// at it again; the mark is a field of the activity document that no model
// carries, so that nothing copies it (a repeat copies a model).

// fieldPersonalDataErased marks an activity whose signups and emails hold
// no personal data any more.
const fieldPersonalDataErased = "personal_data_erased_at"

// ActivitiesToErase returns up to limit activities (id, organisation and
// end only) that ended before endedBefore and whose attendees' personal
// data has not been erased yet, those that ended first first.
func (s *Store) ActivitiesToErase(ctx context.Context, endedBefore time.Time, limit int) ([]models.Activity, error) {
	cur, err := s.col(colActivities).Find(ctx, bson.D{
		{Key: "ends_at", Value: bson.D{{Key: "$lt", Value: endedBefore}}},
		{Key: fieldPersonalDataErased, Value: bson.D{{Key: "$exists", Value: false}}},
	}, options.Find().SetSort(bson.D{{Key: "ends_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)).
		SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "organisation_id", Value: 1}, {Key: "ends_at", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := []models.Activity{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// MarkPersonalDataErased records that an activity's attendees hold no
// personal data any more. On FerretDB the caller holds the activity lock.
func (s *Store) MarkPersonalDataErased(ctx context.Context, activityID string, now time.Time) error {
	_, err := s.col(colActivities).UpdateOne(ctx, bson.D{{Key: "_id", Value: activityID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: fieldPersonalDataErased, Value: now}}}})
	return err
}

// UnerasedSignups returns up to limit signups of an activity, after the
// id after (empty: from the start), whose personal data is still there,
// in id order. Only what the eraser needs is read.
func (s *Store) UnerasedSignups(ctx context.Context, activityID, after string, limit int) ([]models.Signup, error) {
	filter := bson.D{
		{Key: "activity_id", Value: activityID},
		{Key: "erased_at", Value: bson.D{{Key: "$exists", Value: false}}},
	}
	if after != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$gt", Value: after}}})
	}
	return s.findSignups(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)).
		SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "activity_id", Value: 1}, {Key: "status", Value: 1},
			{Key: "created_at", Value: 1}, {Key: "series_signup_id", Value: 1}}))
}

func scopeFilter(sc store.OutboxScope) bson.D {
	if sc.SignupID != "" {
		return bson.D{{Key: "signup_id", Value: sc.SignupID}}
	}
	return bson.D{{Key: "activity_id", Value: sc.ActivityID}}
}

// outboxErased is the reason recorded for an email that was never sent
// because the personal data of its recipient was erased first.
const outboxErased = "not sent: the recipient's personal data was erased"

// EraseOutbox removes the personal data of the emails in scope: their
// recipient, subject and rendered bodies, and any error text (an SMTP
// server's error may quote the address), and the hash of the token of
// their links, which then stop working. It returns the ids of every email
// in scope, erased now or before. What stays is the email's kind,
// ids and outcome, so that message counts stay right: an email not sent
// yet becomes failed, with the reason above, and is never sent (a worker
// already sending it finishes, leaving only its outcome). The staff retry
// of such an email is refused (its recipient is empty). Running it again
// changes nothing. Each collection is written in one bulk operation:
// FerretDB reads a whole table for any write but a lone insert.
func (s *Store) EraseOutbox(ctx context.Context, scope store.OutboxScope, now time.Time) ([]string, error) {
	if scope.ActivityID == "" && scope.SignupID == "" {
		return nil, fmt.Errorf("store: EraseOutbox without a scope")
	}
	cur, err := s.col(colOutbox).Find(ctx, scopeFilter(scope), options.Find().SetProjection(bson.D{
		{Key: "_id", Value: 1}, {Key: "organisation_id", Value: 1}, {Key: "message_id", Value: 1}, {Key: "erased_at", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var recs []struct {
		ID             string     `bson:"_id"`
		OrganisationID string     `bson:"organisation_id"`
		MessageID      string     `bson:"message_id"`
		ErasedAt       *time.Time `bson:"erased_at"`
	}
	if err := cur.All(ctx, &recs); err != nil || len(recs) == 0 {
		return nil, err
	}
	ids, fresh := make([]string, len(recs)), []string{}
	for i, r := range recs {
		ids[i] = r.ID
		if r.ErasedAt == nil {
			fresh = append(fresh, r.ID)
		}
	}
	settled := map[string]bool{}
	for _, col := range []string{colOutboxSent, colOutboxFailed} {
		done, err := s.idsIn(ctx, col, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range done {
			settled[id] = true
		}
	}
	var unsent []any
	var unsentIDs []string
	for _, r := range recs {
		if !settled[r.ID] {
			unsentIDs = append(unsentIDs, r.ID)
			unsent = append(unsent, outboxOutcome{ID: r.ID, LastError: outboxErased,
				OrganisationID: r.OrganisationID, MessageID: r.MessageID, At: now})
		}
	}
	in := func(ids []string) bson.D { return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}} }
	if len(unsent) > 0 {
		if _, err := insertManyDuplicates(ctx, s.col(colOutboxFailed), unsent); err != nil {
			return nil, err
		}
		if _, err := s.col(colOutboxDue).DeleteMany(ctx, in(unsentIDs)); err != nil {
			return nil, err
		}
	}
	if _, err := s.col(colOutboxBodies).DeleteMany(ctx, in(ids)); err != nil {
		return nil, err
	}
	if _, err := s.col(colOutboxFailed).UpdateMany(ctx,
		append(in(ids), bson.E{Key: "last_error", Value: bson.D{{Key: "$nin", Value: bson.A{"", outboxErased}}}}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "last_error", Value: ""}}}}); err != nil {
		return nil, err
	}
	if len(fresh) == 0 {
		return ids, nil
	}
	_, err = s.col(colOutbox).UpdateMany(ctx, in(fresh), bson.D{
		{Key: "$set", Value: bson.D{
			{Key: "to", Value: ""}, {Key: "to_name", Value: ""}, {Key: "subject", Value: ""},
			{Key: "erased_at", Value: now}, {Key: "updated_at", Value: now}}},
		{Key: "$unset", Value: bson.D{{Key: "link_token_hash", Value: ""}}}})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// Scrub does nothing: what MongoDB's storage engine keeps of overwritten
// documents in its files and journal (until compaction) is the operator's
// to protect, with encryption at rest, as for its backups.
func (s *Store) Scrub(context.Context) error { return nil }

// idsIn returns which of ids are the _id of a document of col.
func (s *Store) idsIn(ctx context.Context, col string, ids []string) ([]string, error) {
	cur, err := s.col(col).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.ID
	}
	return out, nil
}
