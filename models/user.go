package models

import "time"

// Role is what a staff user may do; see registration's authorisation rules.
type Role string

// Staff roles, from the most to the least powerful.
const (
	RoleAdmin     Role = "admin"     // the whole platform
	RoleManager   Role = "manager"   // one organisation, including its staff accounts
	RoleOrganiser Role = "organiser" // one organisation's activities, signups and messages
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleManager || r == RoleOrganiser
}

// StaffRoles are the roles given to an organisation's staff, by invitation
// or by a change of role (an admin is never made that way), in the order
// forms offer them.
func StaffRoles() []Role { return []Role{RoleOrganiser, RoleManager} }

// IsStaffRole says whether r is one of StaffRoles.
func (r Role) IsStaffRole() bool { return r == RoleOrganiser || r == RoleManager }

// User is a staff account. Attendees never have accounts.
type User struct {
	ID             string    `bson:"_id" json:"id"`
	Email          string    `bson:"email" json:"email"` // stored lower-cased; unique
	Name           string    `bson:"name" json:"name"`
	Role           Role      `bson:"role" json:"role"`
	OrganisationID string    `bson:"organisation_id,omitempty" json:"organisation_id"`
	PasswordHash   string    `bson:"password_hash" json:"-"`
	Disabled       bool      `bson:"disabled,omitempty" json:"disabled,omitempty"`
	CreatedAt      time.Time `bson:"created_at" json:"created_at"`
}

// Session is a staff login. Only the SHA-256 of the token is stored, so a
// leaked database does not leak usable tokens.
type Session struct {
	TokenHash string    `bson:"_id"`
	UserID    string    `bson:"user_id"`
	ExpiresAt time.Time `bson:"expires_at"`
	CreatedAt time.Time `bson:"created_at"`
}
