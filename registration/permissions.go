package registration

import (
	"context"

	"github.com/agora-events/agora/models"
)

// What the staff console may offer a user. The console shows a link, a
// filter or a button only when the rules below allow it; they are the
// rules of Authorize, so that what is shown is what is allowed, and no
// HTTP code decides who may do what.

// Permissions are the sections of the console a staff user may open.
type Permissions struct {
	// ManageStaff: the staff accounts of their own organisation.
	ManageStaff bool
	// ManageOrganisations: creating organisations, and acting for any
	// organisation (an admin, who belongs to none).
	ManageOrganisations bool
}

// Permissions returns what the actor's console may offer.
func (a *Actor) Permissions() Permissions {
	return Permissions{
		ManageStaff:         a.Authorize(ActManageStaff, a.User.OrganisationID) == nil,
		ManageOrganisations: a.Authorize(ActManageOrganisations, "") == nil,
	}
}

// Scope is the organisation a staff list covers: the actor's own, or for
// one who acts for every organisation, the one asked for ("" for all).
func (a *Actor) Scope(requested string) string {
	if a.Permissions().ManageOrganisations {
		return requested
	}
	return a.User.OrganisationID
}

// MayChangeAccount reports whether the actor may change u's role, disable
// u or invite u again: never an admin, never themselves.
func (a *Actor) MayChangeAccount(u *models.User) bool {
	return u.Role != models.RoleAdmin && u.ID != a.User.ID &&
		a.Authorize(ActManageStaff, u.OrganisationID) == nil
}

// MayExceedCapacity reports whether the actor may seat an attendee they
// add to an activity of orgID beyond its capacity, so that the console
// offers the tick only to those AddAttendee lets do it.
func (a *Actor) MayExceedCapacity(orgID string) bool {
	return a.Authorize(ActExceedCapacity, orgID) == nil
}

// OrganisationChoices are the organisations the actor picks among in the
// console's filters and forms: every one for those who act for every
// organisation, none (nil) for those who work within their own.
func (s *Service) OrganisationChoices(ctx context.Context, a *Actor) ([]models.OrganisationSummary, error) {
	if !a.Permissions().ManageOrganisations {
		return nil, nil
	}
	page, err := s.ListOrganisations(ctx, "", MaxLimit)
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}

// ManagedOrganisations lists the organisations for the one who manages
// them (the console's organisations page); anyone else is refused.
func (s *Service) ManagedOrganisations(ctx context.Context, a *Actor, cursor string) (*OrganisationPage, error) {
	if err := a.Authorize(ActManageOrganisations, ""); err != nil {
		return nil, err
	}
	return s.ListOrganisations(ctx, cursor, MaxLimit)
}

// OrganisationForActivities is the organisation ref as the owner of new
// activities the actor creates: found, and one the actor may manage
// activities of.
func (s *Service) OrganisationForActivities(ctx context.Context, a *Actor, ref string) (*models.Organisation, error) {
	o, err := s.OrganisationByRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := a.Authorize(ActManageActivities, o.ID); err != nil {
		return nil, err
	}
	return o, nil
}
