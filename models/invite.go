package models

import (
	"strings"
	"time"
)

// InviteRequest is a manager's invitation of a new staff member: the
// account is created at once, without a password, and the person chooses
// one through the link emailed to them.
type InviteRequest struct {
	Email string `json:"email" validate:"required,max=254,email"`
	Name  string `json:"name" validate:"required,max=200"`
	Role  Role   `json:"role" validate:"required,oneof=manager organiser"`
}

// Normalize trims the fields, cleans the name (see CleanText) and
// lower-cases the email.
func (r *InviteRequest) Normalize() {
	r.Email = strings.ToLower(strings.TrimSpace(r.Email))
	r.Name = strings.TrimSpace(CleanLine(r.Name))
}

// Invitation is a set-password link of a staff account. Only the
// SHA-256 of its token is stored; it works once, until ExpiresAt.
type Invitation struct {
	TokenHash string    `bson:"_id"`
	UserID    string    `bson:"user_id"`
	ExpiresAt time.Time `bson:"expires_at"`
	CreatedAt time.Time `bson:"created_at"`
}
