package console

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// contactInput is what was typed into the contact form and why it was
// refused; zero shows the organisation's contact as it is.
type contactInput struct {
	typed *models.Contact
	err   error
}

// contactForm is the form of an organisation's contact on the staff page,
// for the people who may change it (its manager, an admin); others get no
// form. The contact is what attendees see on activity pages and where
// replies to their emails go.
func (s *Server) contactForm(c *fiber.Ctx, o *models.Organisation, in contactInput) (httpx.Form, error) {
	if httpx.Actor(c).Authorize(registration.ActManageStaff, o.ID) != nil {
		return httpx.Form{}, nil
	}
	v := o.Contact
	if in.typed != nil {
		v = *in.typed
	}
	t := func(key string) string { return s.T(c, key, nil) }
	f := httpx.Form{Action: staffPath + "/organisations/" + o.ID + "/contact", Submit: t("staff.contact_submit"),
		Fields: []httpx.Field{
			{ID: "f-contact-email", Name: "email", Path: "contact.email", Type: "email", Label: t("staff.contact_email"),
				Value: v.Email, MaxLength: 254, Autocomplete: "off", Hint: t("staff.contact_email_hint")},
			{ID: "f-contact-phone", Name: "phone", Path: "contact.phone", Type: "tel", Label: t("staff.contact_phone"),
				Value: v.Phone, MaxLength: 40, Autocomplete: "off"},
			{ID: "f-contact-website", Name: "website", Path: "contact.website", Type: "url", Label: t("staff.contact_website"),
				Value: v.Website, MaxLength: 2000, Autocomplete: "off"},
		}}
	errs, _, err := s.formErrors(c, httpx.Ptrs(f.Fields), in.err, false)
	f.Errors = errs
	return f, err
}

// staffSetContact saves an organisation's contact from the staff page; bad
// input shows the page again with what was typed, nothing saved.
func (s *Server) staffSetContact(c *fiber.Ctx) error {
	orgID := c.Params("org_id")
	typed := models.Contact{Email: c.FormValue("email"), Phone: c.FormValue("phone"), Website: c.FormValue("website")}
	req := models.OrganisationPatch{Contact: &models.ContactPatch{Email: &typed.Email, Phone: &typed.Phone, Website: &typed.Website}}
	if _, err := s.Reg.UpdateOrganisation(c.UserContext(), httpx.Actor(c), orgID, req); err != nil {
		if status, ok := httpx.FormErrorStatus(err); ok {
			return s.renderUsersWith(c, status, orgID, models.InviteRequest{Role: models.RoleOrganiser}, nil,
				contactInput{typed: &typed, err: err})
		}
		return err
	}
	return s.backToUsers(c, orgID, "saved")
}
