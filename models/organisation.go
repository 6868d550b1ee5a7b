package models

import (
	"strings"
	"time"
)

// Organisation is a library or NGO; every activity and every staff account
// except an admin belongs to exactly one.
type Organisation struct {
	ID              string    `bson:"_id" json:"id"`
	Name            string    `bson:"name" json:"name"`
	Slug            string    `bson:"slug" json:"slug"`
	Country         string    `bson:"country" json:"country"`
	Timezone        string    `bson:"timezone" json:"timezone"`
	DefaultLanguage string    `bson:"default_language" json:"default_language"`
	Contact         Contact   `bson:"contact,omitempty" json:"contact"`
	CreatedAt       time.Time `bson:"created_at" json:"created_at"`
}

// Contact is how people who signed up reach the organiser: shown on the
// activity and manage pages, and Email is the Reply-To of every email
// about the organisation's activities, so that a reply reaches a person
// rather than the service's no-reply sender. Every field is optional.
type Contact struct {
	Email   string `bson:"email,omitempty" json:"email,omitempty"`
	Phone   string `bson:"phone,omitempty" json:"phone,omitempty"`
	Website string `bson:"website,omitempty" json:"website,omitempty"`
}

// IsZero reports whether the contact says nothing, so that pages leave
// the section out and BSON omits it.
func (c Contact) IsZero() bool { return c == Contact{} }

// OrganisationPatch is the body of PATCH /api/v1/organisations/{id}: what
// a manager may change of their own organisation. Absent fields stay.
type OrganisationPatch struct {
	Contact *ContactPatch `json:"contact"`
}

// ContactPatch changes some fields of a contact: nil stays, "" clears.
type ContactPatch struct {
	Email   *string `json:"email"`
	Phone   *string `json:"phone"`
	Website *string `json:"website"`
}

// Apply returns c with the patch's fields, trimmed; it does not validate.
// The phone and website are cleaned (see CleanLine); the email is not, so
// that an address carrying a control character is refused, never repaired
// into a mail header.
func (p *ContactPatch) Apply(c Contact) Contact {
	set := func(dst *string, src *string, clean func(string) string) {
		if src != nil {
			*dst = strings.TrimSpace(clean(*src))
		}
	}
	set(&c.Email, p.Email, func(s string) string { return s })
	set(&c.Phone, p.Phone, CleanLine)
	set(&c.Website, p.Website, CleanLine)
	return c
}
