package console

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

type userView struct {
	models.User
	RoleText                 string
	Pending, Self, Changable bool
	RoleField                httpx.Field
}

type usersPage struct {
	httpx.Layout
	Notice        string
	CSRF          string
	Org           models.Organisation
	Organisations []httpx.Option // an admin's choice
	Users         []userView
	Invite        httpx.Form
	// Contact is the form of the organisation's contact (see
	// organisation_contact.go).
	Contact httpx.Form
}

// staffUsers lists an organisation's staff accounts to its manager (an
// admin chooses the organisation), with the invitation form.
func (s *Server) staffUsers(c *fiber.Ctx) error {
	return s.renderUsers(c, fiber.StatusOK, c.Query("organisation"), models.InviteRequest{Role: models.RoleOrganiser}, nil)
}

func (s *Server) renderUsers(c *fiber.Ctx, status int, ref string, req models.InviteRequest, formErr error) error {
	return s.renderUsersWith(c, status, ref, req, formErr, contactInput{})
}

// renderUsersWith renders the staff page with the invitation form's and
// the contact form's input and errors.
func (s *Server) renderUsersWith(c *fiber.Ctx, status int, ref string, req models.InviteRequest, formErr error, contact contactInput) error {
	ctx, a := c.UserContext(), httpx.Actor(c)
	p := usersPage{Layout: s.staffLayout(c, s.T(c, "staff.users_title", nil), "users"), Notice: s.notice(c),
		CSRF: s.csrfToken(c)}
	orgs, err := s.Reg.OrganisationChoices(ctx, a)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		p.Organisations = append(p.Organisations, httpx.Option{Value: o.ID, Label: o.Name, Selected: o.ID == ref || o.Slug == ref})
	}
	if ref = a.Scope(ref); ref != "" {
		o, err := s.Reg.OrganisationByRef(ctx, ref)
		if err != nil {
			return err
		}
		users, err := s.Reg.ListUsers(ctx, a, o.ID)
		if err != nil {
			return err
		}
		p.Org = *o
		for _, u := range users {
			p.Users = append(p.Users, s.userView(c, a, u))
		}
		if p.Contact, err = s.contactForm(c, o, contact); err != nil {
			return err
		}
	}
	role := httpx.Field{ID: "f-role", Name: "role", Path: "role", Type: "select", Label: s.T(c, "staff.role", nil), Required: true}
	for _, r := range models.StaffRoles() {
		role.Options = append(role.Options, httpx.Option{Value: string(r), Label: s.T(c, "staff.role_"+string(r), nil), Selected: r == req.Role})
	}
	p.Invite = httpx.Form{Action: staffPath + "/users", Submit: s.T(c, "staff.invite_submit", nil), Fields: []httpx.Field{
		{ID: "f-name", Name: "name", Path: "name", Type: "text", Label: s.T(c, "staff.person_name", nil), Required: true,
			Value: req.Name, MaxLength: 200, Autocomplete: "off"},
		{ID: "f-email", Name: "email", Path: "email", Type: "email", Label: s.T(c, "staff.email", nil), Required: true,
			Value: req.Email, MaxLength: 254, Autocomplete: "off", Hint: s.T(c, "staff.invite_hint", nil)},
		role,
	}}
	fields := httpx.Ptrs(p.Invite.Fields)
	errs, shown, err := s.formErrors(c, fields, formErr, false)
	if err != nil {
		return err
	}
	p.Invite.Errors, p.HasErrors = errs, shown || len(p.Contact.Errors) > 0
	return s.Render(c, status, "staff_users", p)
}

func (s *Server) userView(c *fiber.Ctx, a *registration.Actor, u models.User) userView {
	v := userView{User: u, RoleText: s.T(c, "staff.role_"+string(u.Role), nil), Pending: u.PasswordHash == "",
		Self: u.ID == a.User.ID}
	v.Changable = a.MayChangeAccount(&u)
	v.RoleField = httpx.Field{ID: "f-role-" + u.ID, Name: "role", Type: "select",
		Label: s.T(c, "staff.role_of", map[string]any{"Name": u.Name})}
	for _, r := range models.StaffRoles() {
		v.RoleField.Options = append(v.RoleField.Options, httpx.Option{Value: string(r),
			Label: s.T(c, "staff.role_"+string(r), nil), Selected: r == u.Role})
	}
	return v
}

// staffInvite creates an account and emails its set-password link.
func (s *Server) staffInvite(c *fiber.Ctx) error {
	req := models.InviteRequest{Email: c.FormValue("email"), Name: c.FormValue("name"), Role: models.Role(c.FormValue("role"))}
	orgID := httpx.Actor(c).Scope(c.FormValue("organisation_id"))
	if _, err := s.Reg.InviteUser(c.UserContext(), httpx.Actor(c), orgID, req, httpx.Lang(c)); err != nil {
		if status, ok := httpx.FormErrorStatus(err); ok {
			return s.renderUsers(c, status, orgID, req, conflictOn(err, "email"))
		}
		return err
	}
	return s.backToUsers(c, orgID, "invited")
}

// backToUsers goes back to the staff list with a notice.
func (s *Server) backToUsers(c *fiber.Ctx, orgID, done string) error {
	q := url.Values{"done": {done}}
	if httpx.Actor(c).User.OrganisationID == "" {
		q.Set("organisation", orgID)
	}
	return c.Redirect(staffPath+"/users?"+q.Encode(), fiber.StatusSeeOther)
}

// staffChangeRole makes someone a manager or an organiser.
func (s *Server) staffChangeRole(c *fiber.Ctx) error {
	u, err := s.Reg.ChangeRole(c.UserContext(), httpx.Actor(c), c.Params("user"), models.Role(c.FormValue("role")))
	if err != nil {
		return err
	}
	return s.backToUsers(c, u.OrganisationID, "role")
}

// staffSetActive turns an account off (its sessions end) or back on.
func (s *Server) staffSetActive(c *fiber.Ctx) error {
	u, err := s.Reg.SetUserActive(c.UserContext(), httpx.Actor(c), c.Params("user"), c.FormValue("active") == "yes")
	if err != nil {
		return err
	}
	return s.backToUsers(c, u.OrganisationID, "active")
}

// staffResendInvite sends a fresh set-password link.
func (s *Server) staffResendInvite(c *fiber.Ctx) error {
	u, err := s.Reg.ResendInvitation(c.UserContext(), httpx.Actor(c), c.Params("user"), httpx.Lang(c))
	if err != nil {
		return err
	}
	return s.backToUsers(c, u.OrganisationID, "invited")
}

type organisationsPage struct {
	httpx.Layout
	Notice string
	CSRF   string
	Items  []models.OrganisationSummary
	Create httpx.Form
}

// staffOrganisations lists the organisations, with the form to add one:
// admins only.
func (s *Server) staffOrganisations(c *fiber.Ctx) error {
	return s.renderOrganisations(c, fiber.StatusOK, models.OrganisationRequest{DefaultLanguage: httpx.Lang(c)}, nil)
}

func (s *Server) renderOrganisations(c *fiber.Ctx, status int, req models.OrganisationRequest, formErr error) error {
	list, err := s.Reg.ManagedOrganisations(c.UserContext(), httpx.Actor(c), c.Query("cursor"))
	if err != nil {
		return err
	}
	t := func(key string) string { return s.T(c, key, nil) }
	lang := httpx.Field{ID: "f-lang", Name: "default_language", Path: "default_language", Type: "select",
		Label: t("staff.default_language"), Required: true}
	for _, l := range models.Languages() {
		lang.Options = append(lang.Options, httpx.Option{Value: l, Label: web.NativeName(l), Lang: l, Selected: l == req.DefaultLanguage})
	}
	p := organisationsPage{Layout: s.staffLayout(c, t("staff.organisations_title"), "organisations"),
		Notice: s.notice(c), CSRF: s.csrfToken(c), Items: list.Items}
	p.Create = httpx.Form{Action: staffPath + "/organisations", Submit: t("staff.org_submit"), Fields: []httpx.Field{
		{ID: "f-org-name", Name: "name", Path: "name", Type: "text", Label: t("staff.org_name"), Required: true, Value: req.Name, MaxLength: 200},
		{ID: "f-slug", Name: "slug", Path: "slug", Type: "text", Label: t("staff.slug"), Hint: t("staff.slug_hint"),
			Required: true, Value: req.Slug, MaxLength: 60},
		{ID: "f-country", Name: "country", Path: "country", Type: "text", Label: t("staff.country"), Hint: t("staff.country_hint"),
			Value: req.Country, MaxLength: 2},
		s.timezoneField(c, req.Timezone),
		lang,
	}}
	fields := httpx.Ptrs(p.Create.Fields)
	errs, shown, err := s.formErrors(c, fields, formErr, false)
	if err != nil {
		return err
	}
	p.Create.Errors, p.HasErrors = errs, shown
	return s.Render(c, status, "staff_organisations", p)
}

// staffCreateOrganisation adds an organisation.
func (s *Server) staffCreateOrganisation(c *fiber.Ctx) error {
	req := models.OrganisationRequest{Name: c.FormValue("name"), Slug: c.FormValue("slug"), Country: c.FormValue("country"),
		Timezone: c.FormValue("timezone"), DefaultLanguage: c.FormValue("default_language")}
	if _, err := s.Reg.CreateOrganisation(c.UserContext(), httpx.Actor(c), req); err != nil {
		if status, ok := httpx.FormErrorStatus(err); ok {
			return s.renderOrganisations(c, status, req, conflictOn(err, "slug"))
		}
		return err
	}
	return c.Redirect(staffPath+"/organisations?done=org", fiber.StatusSeeOther)
}

// conflictOn ties a conflict (a taken email or slug) to the field at
// path, so that the form shows it there.
func conflictOn(err error, path string) error {
	if !models.IsCode(err, models.ErrConflict) {
		return err
	}
	return &models.Error{Code: models.ErrConflict, Fields: map[string]models.FieldError{path: {Key: "taken"}}}
}
