package console

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

type loginPage struct {
	httpx.Layout
	Notice string
	Form   httpx.Form
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
	res, err := s.Reg.Login(c.UserContext(), email, c.FormValue("password"), s.ClientIP(c))
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
	l := s.LayoutFor(c, s.T(c, "staff.login_title", nil), c.Path())
	l.NoIndex = true
	p := loginPage{Layout: l, Notice: s.notice(c), CSRF: token, Next: c.Query("next", c.FormValue("next"))}
	if !safeNext(p.Next) {
		p.Next = ""
	}
	p.Form = httpx.Form{Action: staffPath + "/login", Submit: s.T(c, "staff.login_submit", nil), Fields: []httpx.Field{
		{ID: "f-email", Name: "email", Type: "email", Label: s.T(c, "staff.email", nil), Required: true,
			Value: email, Autocomplete: "username", MaxLength: 254},
		{ID: "f-password", Name: "password", Type: "password", Label: s.T(c, "staff.password", nil),
			Required: true, Autocomplete: "current-password", MaxLength: 1024},
	}}
	if loginErr != nil {
		msg := s.T(c, "staff.login_failed", nil)
		if models.IsCode(loginErr, models.ErrRateLimited) {
			msg = s.Catalog.Plural(httpx.Lang(c), "staff.login_wait", retryAfter(loginErr), nil)
		}
		p.Form.Errors, p.HasErrors = []httpx.ErrorLink{{Href: "#f-email", Text: msg}}, true
	}
	return s.Render(c, status, "staff_login", p)
}

// staffLogout ends the session (the token stops working for the API too)
// and forgets the cookie.
func (s *Server) staffLogout(c *fiber.Ctx) error {
	token, _ := c.Locals(localSession).(string)
	if err := s.Reg.Logout(c.UserContext(), token); err != nil {
		return err
	}
	s.clearCookie(c, sessionCookie)
	return c.Redirect(staffPath+"/login?done=logout", fiber.StatusSeeOther)
}

type invitationPage struct {
	httpx.Layout
	User models.User
	Form httpx.Form
	CSRF string
}

// staffInvitationPage asks a new staff member to choose a password.
func (s *Server) staffInvitationPage(c *fiber.Ctx) error {
	u, err := s.Reg.InvitedUser(c.UserContext(), c.Params("token"))
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
	u, err := s.Reg.InvitedUser(ctx, token)
	if err != nil {
		return err
	}
	password := c.FormValue("password")
	if password != c.FormValue("password2") {
		err = models.InvalidField("password2", "same_password", "")
	} else {
		_, err = s.Reg.AcceptInvitation(ctx, token, password)
	}
	if err != nil {
		if status, ok := httpx.FormErrorStatus(err); ok {
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
	l := s.LayoutFor(c, s.T(c, "staff.invitation_title", nil), c.Path())
	l.NoIndex = true
	p := invitationPage{Layout: l, User: *u, CSRF: token}
	p.Form = httpx.Form{Action: c.Path(), Submit: s.T(c, "staff.invitation_submit", nil), Fields: []httpx.Field{
		{ID: "f-password", Name: "password", Path: "password", Type: "password", Label: s.T(c, "staff.new_password", nil),
			Hint: s.T(c, "staff.password_hint", nil), Required: true, Autocomplete: "new-password", MaxLength: 1024},
		{ID: "f-password2", Name: "password2", Path: "password2", Type: "password",
			Label: s.T(c, "staff.repeat_password", nil), Required: true, Autocomplete: "new-password", MaxLength: 1024},
	}}
	fields := httpx.Ptrs(p.Form.Fields)
	httpx.Describe(fields)
	if formErr != nil {
		p.Form.Errors, _ = s.FormErrors(c, fields, formErr, httpx.Wording{})
		p.HasErrors = true
	}
	return s.Render(c, status, "staff_invitation", p)
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
