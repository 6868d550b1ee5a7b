package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The staff console: server-rendered pages under /staff/ for librarians,
// in the same languages and to the same accessibility bar as the public
// site. Every page calls the same registration use cases as the JSON API,
// so the same Actor.Authorize decides what each user may see and do.

// InvitationPath is the route where a new staff member chooses a
// password: set-password links are built from this pattern (app joins it
// to BASE_URL; see models.LinkTemplate).
const InvitationPath = staffPath + invitationRoute

// invitationRoute is InvitationPath within the console's group.
const invitationRoute = "/invitations/" + models.LinkToken

// staffRoutes registers the console. Pages behind staffSession need a
// login; every form post behind it also needs the session's CSRF token.
func (s *Server) staffRoutes() {
	g := s.app.Group(staffPath, s.page)
	g.Get("/login", s.staffLoginPage)
	g.Post("/login", s.staffLogin)
	g.Get(invitationRoute, s.private, s.staffInvitationPage)
	g.Post(invitationRoute, s.private, s.staffAcceptInvitation)

	in, post := s.staffSession, []fiber.Handler{s.staffSession, s.csrf}
	g.Post("/logout", append(post, s.staffLogout)...)
	g.Get("/", in, s.staffDashboard)
	g.Get("/activities/new", in, s.staffNewActivity)
	g.Post("/activities", append(post, s.staffCreateActivity)...)
	g.Get("/activities/:id", in, s.staffActivity)
	g.Get("/activities/:id/edit", in, s.staffEditActivity)
	g.Post("/activities/:id/edit", append(post, s.staffUpdateActivity)...)
	g.Post("/activities/:id/publish", append(post, s.staffPublish)...)
	g.Post("/activities/:id/cancel", append(post, s.staffCancelActivity)...)
	g.Post("/activities/:id/repeat", append(post, s.staffRepeat)...)
	g.Post("/activities/:id/delete", append(post, s.staffDelete)...)
	g.Get("/activities/:id/attendees.csv", in, s.exportSignups)
	g.Get("/activities/:id/attendees", in, s.staffAttendees)
	g.Post("/signups/:signup/checkin", append(post, s.staffCheckIn)...)
	g.Post("/signups/:signup/cancel", append(post, s.staffCancelSignup)...)
	g.Get("/activities/:id/message", in, s.staffComposeMessage)
	g.Post("/activities/:id/message", append(post, s.staffPostMessage)...)
	g.Get("/messages/:id", in, s.staffMessage)
	g.Get("/reports.csv", in, s.staffReportCSV)
	g.Get("/reports", in, s.staffReports)
	g.Get("/users", in, s.staffUsers)
	g.Post("/users", append(post, s.staffInvite)...)
	g.Post("/users/:user/role", append(post, s.staffChangeRole)...)
	g.Post("/users/:user/active", append(post, s.staffSetActive)...)
	g.Post("/users/:user/invite", append(post, s.staffResendInvite)...)
	g.Get("/organisations", in, s.staffOrganisations)
	g.Post("/organisations", append(post, s.staffCreateOrganisation)...)
}

// staffNav is the console's navigation, in the layout of its pages.
type staffNav struct {
	Name, CSRF, Current string
	ManageStaff, Admin  bool
}

// nav builds the navigation of a console page; current names the section
// the page belongs to. Links to staff accounts and organisations show
// only to those the authorisation rules let in.
func (s *Server) nav(c *fiber.Ctx, current string) *staffNav {
	a := actor(c)
	name := a.User.Name
	if name == "" {
		name = a.User.Email
	}
	return &staffNav{Name: name, CSRF: s.csrfToken(c), Current: current,
		ManageStaff: a.Authorize(registration.ActManageStaff, a.User.OrganisationID) == nil,
		Admin:       a.Authorize(registration.ActManageOrganisations, "") == nil}
}

// staffLayout is the layout of a console page.
func (s *Server) staffLayout(c *fiber.Ctx, title, current string) layout {
	l := s.layoutFor(c, title, c.Path())
	l.NoIndex, l.Staff = true, s.nav(c, current)
	return l
}

// staffNotices are the messages a redirect may ask a console page to show.
var staffNotices = map[string]string{
	"expired": "staff.notice_expired", "logout": "staff.notice_logout", "password": "staff.notice_password",
	"created": "staff.notice_created", "saved": "staff.notice_saved", "published": "staff.notice_published",
	"cancelled": "staff.notice_cancelled", "repeated": "staff.notice_repeated", "deleted": "staff.notice_deleted",
	"checkin": "staff.notice_checkin", "signup_cancelled": "staff.notice_signup_cancelled",
	"sent": "staff.notice_sent", "invited": "staff.notice_invited", "role": "staff.notice_role",
	"active": "staff.notice_active", "org": "staff.notice_org",
}

// notice is the translated notice a redirect asked for, or "".
func (s *Server) notice(c *fiber.Ctx) string {
	if key, ok := staffNotices[c.Query("done")]; ok {
		return s.t(c, key, nil)
	}
	return ""
}

type loginPage struct {
	layout
	Notice string
	Form   formView
	CSRF   string
	Next   string
}

// staffLoginPage shows the login form.
func (s *Server) staffLoginPage(c *fiber.Ctx) error {
	return s.renderLogin(c, fiber.StatusOK, "", nil)
}

// staffLogin checks the email and password with the API's login use case
// (argon2id, the same failure limits), opens a cookie session and goes to
// the page asked for, else the dashboard.
func (s *Server) staffLogin(c *fiber.Ctx) error {
	if !s.checkPreSession(c) {
		return s.csrfRefused(c)
	}
	email := c.FormValue("email")
	res, err := s.reg.Login(c.UserContext(), email, c.FormValue("password"), s.clientIP(c))
	if err != nil {
		var status int
		switch models.ErrorCode(err) {
		case models.ErrUnauthorized:
			status = fiber.StatusUnauthorized
		case models.ErrRateLimited:
			status = fiber.StatusTooManyRequests
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retryAfter(err)))
		default:
			return err
		}
		return s.renderLogin(c, status, email, err)
	}
	s.setSessionCookie(c, res.Token, res.ExpiresAt)
	s.clearCookie(c, loginCookie)
	next := c.FormValue("next")
	if !safeNext(next) {
		next = staffPath + "/"
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

func (s *Server) renderLogin(c *fiber.Ctx, status int, email string, loginErr error) error {
	token, err := s.preSessionToken(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	l := s.layoutFor(c, s.t(c, "staff.login_title", nil), c.Path())
	l.NoIndex = true
	p := loginPage{layout: l, Notice: s.notice(c), CSRF: token, Next: c.Query("next", c.FormValue("next"))}
	if !safeNext(p.Next) {
		p.Next = ""
	}
	p.Form = formView{Action: staffPath + "/login", Submit: s.t(c, "staff.login_submit", nil), Fields: []fieldView{
		{ID: "f-email", Name: "email", Type: "email", Label: s.t(c, "staff.email", nil), Required: true,
			Value: email, Autocomplete: "username", MaxLength: 254},
		{ID: "f-password", Name: "password", Type: "password", Label: s.t(c, "staff.password", nil),
			Required: true, Autocomplete: "current-password", MaxLength: 1024},
	}}
	if loginErr != nil {
		msg := s.t(c, "staff.login_failed", nil)
		if models.IsCode(loginErr, models.ErrRateLimited) {
			msg = s.catalog.Plural(Lang(c), "staff.login_wait", retryAfter(loginErr), nil)
		}
		p.Form.Errors, p.HasErrors = []errorLink{{Href: "#f-email", Text: msg}}, true
	}
	return s.render(c, status, "staff_login", p)
}

// staffLogout ends the session (the token stops working for the API too)
// and forgets the cookie.
func (s *Server) staffLogout(c *fiber.Ctx) error {
	token, _ := c.Locals(localSession).(string)
	if err := s.reg.Logout(c.UserContext(), token); err != nil {
		return err
	}
	s.clearCookie(c, sessionCookie)
	return c.Redirect(staffPath+"/login?done=logout", fiber.StatusSeeOther)
}

type invitationPage struct {
	layout
	User models.User
	Form formView
	CSRF string
}

// staffInvitationPage asks a new staff member to choose a password.
func (s *Server) staffInvitationPage(c *fiber.Ctx) error {
	u, err := s.reg.InvitedUser(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return s.renderInvitation(c, fiber.StatusOK, u, nil)
}

// staffAcceptInvitation sets the password and sends the person to log in.
func (s *Server) staffAcceptInvitation(c *fiber.Ctx) error {
	if !s.checkPreSession(c) {
		return s.csrfRefused(c)
	}
	ctx, token := c.UserContext(), c.Params("token")
	u, err := s.reg.InvitedUser(ctx, token)
	if err != nil {
		return err
	}
	password := c.FormValue("password")
	if password != c.FormValue("password2") {
		err = models.InvalidField("password2", "same_password", "")
	} else {
		_, err = s.reg.AcceptInvitation(ctx, token, password)
	}
	if err != nil {
		if status, ok := formErrorStatus(err); ok {
			return s.renderInvitation(c, status, u, err)
		}
		return err
	}
	return c.Redirect(staffPath+"/login?done=password", fiber.StatusSeeOther)
}

func (s *Server) renderInvitation(c *fiber.Ctx, status int, u *models.User, formErr error) error {
	token, err := s.preSessionToken(c)
	if err != nil {
		return err
	}
	l := s.layoutFor(c, s.t(c, "staff.invitation_title", nil), c.Path())
	l.NoIndex = true
	p := invitationPage{layout: l, User: *u, CSRF: token}
	p.Form = formView{Action: c.Path(), Submit: s.t(c, "staff.invitation_submit", nil), Fields: []fieldView{
		{ID: "f-password", Name: "password", path: "password", Type: "password", Label: s.t(c, "staff.new_password", nil),
			Hint: s.t(c, "staff.password_hint", nil), Required: true, Autocomplete: "new-password", MaxLength: 1024},
		{ID: "f-password2", Name: "password2", path: "password2", Type: "password",
			Label: s.t(c, "staff.repeat_password", nil), Required: true, Autocomplete: "new-password", MaxLength: 1024},
	}}
	fields := ptrs(p.Form.Fields)
	describeEach(fields)
	if formErr != nil {
		p.Form.Errors, _ = s.staffErrors(c, fields, formErr)
		p.HasErrors = true
	}
	return s.render(c, status, "staff_invitation", p)
}

// retryAfter is the whole seconds a rate_limited error asks to wait, at
// least one.
func retryAfter(err error) int {
	var e *models.Error
	if errors.As(err, &e) {
		return max(1, e.RetryAfter)
	}
	return 1
}
