package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// colAudit holds the audit log: one document per staff action, written
// once and never updated, so it needs nothing of FerretDB's weak updates.
const colAudit = "audit"

// InsertAudit appends an entry to the audit log.
func (s *Store) InsertAudit(ctx context.Context, e *models.AuditEntry) error {
	_, err := s.col(colAudit).InsertOne(ctx, e)
	return err
}

// ListAudit returns one page of the audit log, newest first.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) ([]models.AuditEntry, error) {
	filter := bson.D{}
	if f.OrganisationID != "" {
		filter = append(filter, bson.E{Key: "organisation_id", Value: f.OrganisationID})
	}
	if c := f.After; c != nil {
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: c.At}}}},
			bson.D{{Key: "at", Value: c.At}, {Key: "_id", Value: bson.D{{Key: "$lt", Value: c.ID}}}},
		}})
	}
	cur, err := s.col(colAudit).Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(f.Limit)))
	if err != nil {
		return nil, err
	}
	out := []models.AuditEntry{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}
