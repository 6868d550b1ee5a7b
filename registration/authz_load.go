package registration

import (
	"context"

	"github.com/agora-events/agora/models"
)

// loadAuthorized loads the record id of an organisation for a staff use
// case: unauthorized without an actor (before any read), not_found when it
// does not exist, forbidden when actor may not do action in the record's
// organisation (orgOf names it).
func loadAuthorized[T any](ctx context.Context, actor *Actor, action Action, id string,
	load func(context.Context, string) (*T, error), orgOf func(*T) string) (*T, error) {
	if actor == nil {
		return nil, models.Errorf(models.ErrUnauthorized, "no actor")
	}
	v, err := load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := actor.Authorize(action, orgOf(v)); err != nil {
		return nil, err
	}
	return v, nil
}

// activityFor loads an activity on which actor may do action.
func (s *Service) activityFor(ctx context.Context, actor *Actor, action Action, id string) (*models.Activity, error) {
	return loadAuthorized(ctx, actor, action, id, s.store.ActivityByID,
		func(a *models.Activity) string { return a.OrganisationID })
}
