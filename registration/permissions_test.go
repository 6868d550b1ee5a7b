package registration

import (
	"testing"

	"github.com/agora-events/agora/models"
)

// TestPermissions: what the console offers follows the roles as Authorize
// applies them, and the scope of a list is never another organisation's
// for those who work within their own.
func TestPermissions(t *testing.T) {
	admin := &Actor{User: models.User{ID: "a", Role: models.RoleAdmin}}
	manager := &Actor{User: models.User{ID: "m", Role: models.RoleManager, OrganisationID: "o1"}}
	organiser := &Actor{User: models.User{ID: "g", Role: models.RoleOrganiser, OrganisationID: "o1"}}
	for _, tc := range []struct {
		name  string
		actor *Actor
		want  Permissions
		scope string // of a list asked for organisation o2
	}{
		{"Admin", admin, Permissions{ManageStaff: true, ManageOrganisations: true}, "o2"},
		{"Manager", manager, Permissions{ManageStaff: true}, "o1"},
		{"Organiser", organiser, Permissions{}, "o1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.actor.Permissions(); got != tc.want {
				t.Errorf("Permissions() = %+v, want %+v", got, tc.want)
			}
			if got := tc.actor.Scope("o2"); got != tc.scope {
				t.Errorf("Scope(o2) = %q, want %q", got, tc.scope)
			}
		})
	}
	t.Run("MayExceedCapacity", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			actor *Actor
			org   string
			want  bool
		}{
			{"Admin", admin, "o2", true},
			{"Manager", manager, "o1", true},
			{"ManagerOtherOrganisation", manager, "o2", false},
			{"Organiser", organiser, "o1", false},
		} {
			if got := tc.actor.MayExceedCapacity(tc.org); got != tc.want {
				t.Errorf("%s: MayExceedCapacity(%s) = %v, want %v", tc.name, tc.org, got, tc.want)
			}
		}
	})
	t.Run("MayChangeAccount", func(t *testing.T) {
		colleague := &models.User{ID: "c", Role: models.RoleOrganiser, OrganisationID: "o1"}
		stranger := &models.User{ID: "s", Role: models.RoleOrganiser, OrganisationID: "o2"}
		for _, tc := range []struct {
			name  string
			actor *Actor
			user  *models.User
			want  bool
		}{
			{"ManagerColleague", manager, colleague, true},
			{"ManagerOtherOrganisation", manager, stranger, false},
			{"ManagerSelf", manager, &manager.User, false},
			{"ManagerAnAdmin", manager, &admin.User, false},
			{"OrganiserColleague", organiser, colleague, false},
			{"AdminAnyone", admin, stranger, true},
			{"AdminSelf", admin, &admin.User, false},
		} {
			if got := tc.actor.MayChangeAccount(tc.user); got != tc.want {
				t.Errorf("%s: MayChangeAccount = %v, want %v", tc.name, got, tc.want)
			}
		}
	})
}
