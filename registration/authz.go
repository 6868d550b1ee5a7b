package registration

import "github.com/agora-events/agora/models"

// Action is something a staff user may or may not do to an organisation's
// things. Every staff use case names its action and asks Authorize; no
// other code decides who may do what.
type Action string

// Actions, by the thing they touch.
const (
	ActManageActivities    Action = "manage_activities"    // create, edit, publish, cancel, delete, repeat
	ActViewActivities      Action = "view_activities"      // drafts and staff-only fields
	ActManageSignups       Action = "manage_signups"       // list, export, check in, cancel, add attendees
	ActExceedCapacity      Action = "exceed_capacity"      // seat an added attendee beyond capacity
	ActSendMessages        Action = "send_messages"        // organiser messages and their status
	ActViewReports         Action = "view_reports"         // attendance figures
	ActManageStaff         Action = "manage_staff"         // staff accounts of an organisation
	ActManageOrganisations Action = "manage_organisations" // create organisations (platform-wide)
	ActViewAudit           Action = "view_audit"           // the audit log of an organisation
)

// minRole is the least powerful role that may perform each action within
// its own organisation. An admin may do everything everywhere.
var minRole = map[Action]models.Role{
	ActManageActivities:    models.RoleOrganiser,
	ActViewActivities:      models.RoleOrganiser,
	ActManageSignups:       models.RoleOrganiser,
	ActExceedCapacity:      models.RoleManager,
	ActSendMessages:        models.RoleOrganiser,
	ActViewReports:         models.RoleOrganiser,
	ActManageStaff:         models.RoleManager,
	ActViewAudit:           models.RoleManager,
	ActManageOrganisations: models.RoleAdmin,
}

var rank = map[models.Role]int{models.RoleOrganiser: 1, models.RoleManager: 2, models.RoleAdmin: 3}

// Actor is the authenticated staff user a use case acts for.
type Actor struct {
	User models.User
}

// Authorize returns nil when the actor may perform action on things of the
// organisation orgID; otherwise a forbidden error. Callers look the thing
// up first and answer not_found for things that do not exist.
func (a *Actor) Authorize(action Action, orgID string) error {
	if a == nil {
		return models.Errorf(models.ErrUnauthorized, "no actor")
	}
	if a.User.Role == models.RoleAdmin {
		return nil
	}
	need, ok := minRole[action]
	if !ok || rank[a.User.Role] < rank[need] {
		return models.Errorf(models.ErrForbidden, "%s may not %s", a.User.Role, action)
	}
	if orgID == "" || orgID != a.User.OrganisationID {
		return models.Errorf(models.ErrForbidden, "other organisation")
	}
	return nil
}

// Sees reports whether the actor may see staff-only data of orgID (drafts,
// online links, attendee lists).
func (a *Actor) Sees(orgID string) bool {
	return a != nil && a.Authorize(ActViewActivities, orgID) == nil
}
