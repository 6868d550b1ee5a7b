package registration

import (
	"context"
	"net/url"
	"strings"

	"github.com/agora-events/agora/models"
)

// maxContactWebsiteLen is the longest website accepted, as for the
// online link.
const maxContactWebsiteLen = 2000

// UpdateOrganisation changes what a manager may change of their own
// organisation (today its contact), for that organisation's manager or an
// admin. Bad input changes nothing: every field is checked first.
func (s *Service) UpdateOrganisation(ctx context.Context, a *Actor, orgID string, req models.OrganisationPatch) (*models.Organisation, error) {
	o, err := s.staffOrganisation(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	if req.Contact == nil {
		return o, nil
	}
	c := req.Contact.Apply(o.Contact)
	if err := validateContact(c); err != nil {
		return nil, err
	}
	if err := s.store.SetOrganisationContact(ctx, o.ID, c); err != nil {
		return nil, err
	}
	o.Contact = c
	defer s.publicChanged() // public pages show the contact
	s.audit(ctx, a, models.AuditOrganisationUpdate, auditTarget{typ: models.AuditTargetOrganisation, id: o.ID, org: o.ID})
	return o, nil
}

// validateContact checks a contact with the rules of a signup's address and
// phone (the email becomes a Reply-To header, so it must be one bare
// address) and accepts only an absolute http(s) website: no javascript: or
// data: link reaches a page.
func validateContact(c models.Contact) error {
	fields := map[string]models.FieldError{}
	if c.Email != "" && !validSignupEmail(c.Email) {
		fields["contact.email"] = models.FieldError{Key: "email"}
	}
	if c.Phone != "" && !validSignupPhone(c.Phone) {
		fields["contact.phone"] = models.FieldError{Key: "phone"}
	}
	if c.Website != "" && !validWebsite(c.Website) {
		fields["contact.website"] = models.FieldError{Key: "http_url"}
	}
	if len(fields) > 0 {
		return models.Invalid(fields)
	}
	return nil
}

// validWebsite accepts an absolute http or https URL with a host.
func validWebsite(s string) bool {
	if len(s) > maxContactWebsiteLen || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}
