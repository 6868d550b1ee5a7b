package mongo

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/agora-events/agora/models"
)

// CountUsers returns how many staff accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	return s.col(colUsers).CountDocuments(ctx, bson.D{})
}

// InsertUser stores a new user; a taken email is a conflict.
func (s *Store) InsertUser(ctx context.Context, u *models.User) error {
	u.Email = strings.ToLower(u.Email)
	_, err := s.col(colUsers).InsertOne(ctx, u)
	if isDuplicate(err) {
		return models.Errorf(models.ErrConflict, "email taken")
	}
	return err
}

// UserByEmail finds a user by email, case-insensitively.
func (s *Store) UserByEmail(ctx context.Context, email string) (*models.User, error) {
	var u models.User
	err := s.col(colUsers).FindOne(ctx, bson.D{{Key: "email", Value: strings.ToLower(email)}}).Decode(&u)
	if err != nil {
		return nil, notFoundOr(err, "user")
	}
	return &u, nil
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id string) (*models.User, error) {
	var u models.User
	if err := s.col(colUsers).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&u); err != nil {
		return nil, notFoundOr(err, "user")
	}
	return &u, nil
}
