package registration

import (
	"context"

	"github.com/agora-events/agora/models"
)

// EnsureFirstAdmin creates an admin account with the given credentials when
// the store has no users at all, so a fresh installation can be logged into.
// It does nothing when any user exists or email is empty.
func (s *Service) EnsureFirstAdmin(ctx context.Context, email, password string) (created bool, err error) {
	if email == "" {
		return false, nil
	}
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return false, err
	}
	u := &models.User{ID: models.NewID(), Email: email, Name: "Administrator", Role: models.RoleAdmin,
		PasswordHash: hash, CreatedAt: s.now().UTC()}
	if err := s.store.InsertUser(ctx, u); err != nil {
		if models.IsCode(err, models.ErrConflict) {
			return false, nil // another instance created it first
		}
		return false, err
	}
	return true, nil
}
