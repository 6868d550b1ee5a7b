package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/agora-events/agora/models"
)

// InsertOrganisation stores a new organisation; a taken slug is a conflict.
func (s *Store) InsertOrganisation(ctx context.Context, o *models.Organisation) error {
	_, err := s.col(colOrganisations).InsertOne(ctx, o)
	if isDuplicate(err) {
		return models.Errorf(models.ErrConflict, "slug taken")
	}
	return err
}

// SetOrganisationContact replaces an organisation's contact.
func (s *Store) SetOrganisationContact(ctx context.Context, id string, c models.Contact) error {
	res, err := s.col(colOrganisations).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "contact", Value: c}}}})
	if err != nil {
		return err
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ErrNotFound, "organisation not found")
	}
	return nil
}

// OrganisationByID finds an organisation by id.
func (s *Store) OrganisationByID(ctx context.Context, id string) (*models.Organisation, error) {
	return s.findOrganisation(ctx, bson.D{{Key: "_id", Value: id}})
}

// OrganisationBySlug finds an organisation by slug.
func (s *Store) OrganisationBySlug(ctx context.Context, slug string) (*models.Organisation, error) {
	return s.findOrganisation(ctx, bson.D{{Key: "slug", Value: slug}})
}

func (s *Store) findOrganisation(ctx context.Context, filter bson.D) (*models.Organisation, error) {
	var o models.Organisation
	if err := s.col(colOrganisations).FindOne(ctx, filter).Decode(&o); err != nil {
		return nil, notFoundOr(err, "organisation")
	}
	return &o, nil
}

// ListOrganisations returns up to limit organisations in slug order,
// starting after the slug afterSlug ("" for the first page).
func (s *Store) ListOrganisations(ctx context.Context, afterSlug string, limit int) ([]models.Organisation, error) {
	filter := bson.D{}
	if afterSlug != "" {
		filter = bson.D{{Key: "slug", Value: bson.D{{Key: "$gt", Value: afterSlug}}}}
	}
	cur, err := s.col(colOrganisations).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "slug", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, err
	}
	out := []models.Organisation{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CountOrganisations returns how many organisations exist.
func (s *Store) CountOrganisations(ctx context.Context) (int64, error) {
	return s.col(colOrganisations).CountDocuments(ctx, bson.D{})
}

// UsersOfOrganisation returns the staff accounts of an organisation, by
// email (at most 1,000: the console shows them on one page).
func (s *Store) UsersOfOrganisation(ctx context.Context, orgID string) ([]models.User, error) {
	return s.UsersOfOrganisationPage(ctx, orgID, "", 1000)
}

// UsersOfOrganisationPage returns up to limit staff accounts of an
// organisation in email order, starting after afterEmail ("" for the
// first page). Emails are unique, so the email alone is a stable cursor.
func (s *Store) UsersOfOrganisationPage(ctx context.Context, orgID, afterEmail string, limit int) ([]models.User, error) {
	filter := bson.D{{Key: "organisation_id", Value: orgID}}
	if afterEmail != "" {
		filter = append(filter, bson.E{Key: "email", Value: bson.D{{Key: "$gt", Value: afterEmail}}})
	}
	cur, err := s.col(colUsers).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "email", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, err
	}
	out := []models.User{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}
