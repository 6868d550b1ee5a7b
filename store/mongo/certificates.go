package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// colCertificates holds the verification records of certificates, keyed
// by the hash of their code. Erasure and retention never touch it.
const colCertificates = "certificates"

// InsertCertificate stores a new certificate; an existing id is conflict.
func (s *Store) InsertCertificate(ctx context.Context, c *models.Certificate) error {
	_, err := s.col(colCertificates).InsertOne(ctx, c)
	if isDuplicate(err) {
		return models.Errorf(models.ErrConflict, "certificate exists")
	}
	return err
}

// CertificateByID finds a certificate by the hash of its code.
func (s *Store) CertificateByID(ctx context.Context, id string) (*models.Certificate, error) {
	var c models.Certificate
	err := s.col(colCertificates).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&c)
	if err != nil {
		return nil, notFoundOr(err, "certificate")
	}
	return &c, nil
}

// RevokeCertificate marks a certificate revoked unless it is already: one
// conditional single-document update.
func (s *Store) RevokeCertificate(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := s.col(colCertificates).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "revoked_at", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revoked_at", Value: now}}}})
	if err != nil || res.ModifiedCount > 0 {
		return err == nil, err
	}
	if _, err := s.CertificateByID(ctx, id); err != nil {
		return false, err
	}
	return false, nil
}

// CertificatesOfActivity returns an activity's certificates in issue order.
func (s *Store) CertificatesOfActivity(ctx context.Context, activityID string) ([]models.Certificate, error) {
	cur, err := s.col(colCertificates).Find(ctx, bson.D{{Key: "activity_id", Value: activityID}},
		options.Find().SetSort(bson.D{{Key: "issued_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := []models.Certificate{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SeriesSessions returns the sessions of a series (index "series").
func (s *Store) SeriesSessions(ctx context.Context, seriesID string) ([]models.Activity, error) {
	cur, err := s.col(colActivities).Find(ctx, bson.D{{Key: "series_id", Value: seriesID}},
		options.Find().SetSort(bson.D{{Key: "starts_at", Value: 1}, {Key: "_id", Value: 1}}).SetProjection(bson.D{
			{Key: "_id", Value: 1}, {Key: "status", Value: 1}, {Key: "starts_at", Value: 1}, {Key: "ends_at", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := []models.Activity{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}
