package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// indexes lists every index by collection. Only plain and unique compound
// indexes: FerretDB v1 has neither TTL nor partial indexes, so expiry is
// done by the scheduler and "unique while active" by the active_key field.
var indexes = map[string][]mongo.IndexModel{
	colUsers: {
		{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true).SetName("email_unique")},
		{Keys: bson.D{{Key: "organisation_id", Value: 1}}, Options: options.Index().SetName("organisation")},
	},
	colSessions: {
		{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetName("expires")},
		{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user")},
	},
	colInvitations: {
		{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user")},
	},
	colMessages: {
		{Keys: bson.D{{Key: "activity_id", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("activity_created")},
	},
	colOrganisations: {
		{Keys: bson.D{{Key: "slug", Value: 1}}, Options: options.Index().SetUnique(true).SetName("slug_unique")},
	},
	colActivities: {
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "starts_at", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("status_start")},
		{Keys: bson.D{{Key: "organisation_id", Value: 1}, {Key: "starts_at", Value: 1}}, Options: options.Index().SetName("organisation_start")},
		{Keys: bson.D{{Key: "series_id", Value: 1}}, Options: options.Index().SetName("series")},
		{Keys: bson.D{{Key: "draw_at", Value: 1}}, Options: options.Index().SetName("draw")},
	},
	colSignups: {
		{Keys: bson.D{{Key: "active_key", Value: 1}}, Options: options.Index().SetUnique(true).SetName("active_key_unique")},
		{Keys: bson.D{{Key: "manage_token_hash", Value: 1}}, Options: options.Index().SetUnique(true).SetName("manage_token_unique")},
		{Keys: bson.D{{Key: "activity_id", Value: 1}, {Key: "status", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("activity_status_created")},
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("status_created")},
		{Keys: bson.D{{Key: "series_signup_id", Value: 1}}, Options: options.Index().SetName("series_signup")},
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "offer_expires_at", Value: 1}}, Options: options.Index().SetName("status_offer")},
	},
	colSeriesSignups: {
		{Keys: bson.D{{Key: "active_key", Value: 1}}, Options: options.Index().SetUnique(true).SetName("active_key_unique")},
		{Keys: bson.D{{Key: "manage_token_hash", Value: 1}}, Options: options.Index().SetUnique(true).SetName("manage_token_unique")},
		{Keys: bson.D{{Key: "series_id", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("series_created")},
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "created_at", Value: 1}}, Options: options.Index().SetName("status_created")},
	},
	colOutbox: {
		{Keys: bson.D{{Key: "dedup_key", Value: 1}}, Options: options.Index().SetUnique(true).SetName("dedup_unique")},
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "next_attempt_at", Value: 1}}, Options: options.Index().SetName("due")},
		{Keys: bson.D{{Key: "message_id", Value: 1}, {Key: "status", Value: 1}}, Options: options.Index().SetName("message_status")},
		{Keys: bson.D{{Key: "organisation_id", Value: 1}, {Key: "status", Value: 1}, {Key: "_id", Value: -1}}, Options: options.Index().SetName("organisation_status")},
		// Not unique: emails without a link have no value (no partial
		// indexes on FerretDB v1); a token's 256 random bits make hashes
		// unique anyway.
		{Keys: bson.D{{Key: "link_token_hash", Value: 1}}, Options: options.Index().SetName("link_token")},
	},
	colOutboxDue: {
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "next_attempt_at", Value: 1}}, Options: options.Index().SetName("due")},
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "lease_until", Value: 1}}, Options: options.Index().SetName("lease")},
	},
	colOutboxClaims: {
		{Keys: bson.D{{Key: "created_at", Value: 1}}, Options: options.Index().SetName("created")},
	},
	colAudit: {
		{Keys: bson.D{{Key: "organisation_id", Value: 1}, {Key: "at", Value: -1}, {Key: "_id", Value: -1}}, Options: options.Index().SetName("organisation_at")},
		{Keys: bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}, Options: options.Index().SetName("at")},
	},
	colCertificates: {
		{Keys: bson.D{{Key: "activity_id", Value: 1}, {Key: "issued_at", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("activity_issued")},
	},
	colIdempotency: {
		{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetName("expires")},
	},
}

// ensureIndexes creates every index; creating an existing one is a no-op,
// so this runs at every start. Indexes are created one at a time: FerretDB
// v1 drops the connection when one createIndexes command names several
// indexes that all exist already, which is every restart
// (TestGapCreateManyExistingIndexes).
func (s *Store) ensureIndexes(ctx context.Context) error {
	for col, models := range indexes {
		for _, m := range models {
			if _, err := s.col(col).Indexes().CreateOne(ctx, m); err != nil {
				return fmt.Errorf("%s: %w", col, err)
			}
		}
	}
	return nil
}
