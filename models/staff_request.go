package models

import "strings"

// OrganisationRequest is the body of creating an organisation.
type OrganisationRequest struct {
	Name            string `json:"name" validate:"required,max=200"`
	Slug            string `json:"slug" validate:"required,max=60,slug"`
	Country         string `json:"country" validate:"omitempty,iso3166_1_alpha2"`
	Timezone        string `json:"timezone" validate:"required,tz"`
	DefaultLanguage string `json:"default_language" validate:"omitempty,lang"`
}

// Normalize trims the fields, cleans the name (see CleanText) and puts
// codes in their canonical case: a lower-case slug and language, an
// upper-case country.
func (r *OrganisationRequest) Normalize() {
	r.Name = strings.TrimSpace(CleanLine(r.Name))
	r.Slug = strings.ToLower(strings.TrimSpace(r.Slug))
	r.Country = strings.ToUpper(strings.TrimSpace(r.Country))
	r.Timezone = strings.TrimSpace(r.Timezone)
	r.DefaultLanguage = strings.ToLower(strings.TrimSpace(r.DefaultLanguage))
	if r.DefaultLanguage == "" {
		r.DefaultLanguage = DefaultLanguage
	}
}

// OrganisationSummary is what the public list shows of an organisation.
type OrganisationSummary struct {
	ID      string `json:"id"`
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Country string `json:"country"`
}

// Summary returns the public fields of o.
func (o *Organisation) Summary() OrganisationSummary {
	return OrganisationSummary{ID: o.ID, Slug: o.Slug, Name: o.Name, Country: o.Country}
}

// MinPasswordLength is the shortest staff password accepted.
const MinPasswordLength = 8

// UserRequest is the body of creating a staff account of an organisation.
// Admins are not made this way: they belong to the whole platform.
type UserRequest struct {
	Email    string `json:"email" validate:"required,max=254,email"`
	Name     string `json:"name" validate:"required,max=200"`
	Role     Role   `json:"role" validate:"required,oneof=manager organiser"`
	Password string `json:"password" validate:"required,min=8,max=1024"`
}

// Normalize trims the fields, cleans the name (see CleanText) and
// lower-cases the email.
func (r *UserRequest) Normalize() {
	r.Email = strings.ToLower(strings.TrimSpace(r.Email))
	r.Name = strings.TrimSpace(CleanLine(r.Name))
}
