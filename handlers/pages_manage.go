package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// signupView is what an attendee's own pages show of their signup.
type signupView struct {
	Name      string
	PartySize int
	OnlineURL string
}

type managePage struct {
	layout
	Token        string
	Notice       string
	Errors       []errorLink
	A            activityView
	S            signupView
	StatusText   string
	StatusDetail string
	CanCancel    bool
}

type erasePage struct {
	layout
	Token string
	A     activityView
}

// pageManage shows an attendee their signup: its status, their place on
// the waiting list, the online link once confirmed, and how to cancel or
// erase it.
func (s *Server) pageManage(c *fiber.Ctx) error {
	m, err := s.reg.SignupByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return s.renderManage(c, fiber.StatusOK, m, nil)
}

// pageCancel cancels from the manage page and shows it again (PRG).
func (s *Server) pageCancel(c *fiber.Ctx) error {
	token := c.Params("token")
	if _, err := s.reg.CancelByToken(c.UserContext(), token); err != nil {
		if models.IsCode(err, models.ErrActivityStarted) {
			m, merr := s.reg.SignupByToken(c.UserContext(), token)
			if merr != nil {
				return merr
			}
			return s.renderManage(c, fiber.StatusConflict, m, err)
		}
		return err
	}
	return c.Redirect("/signups/"+token+"?done=cancel", fiber.StatusSeeOther)
}

// pageEraseConfirm asks before erasing: erasure cannot be undone.
func (s *Server) pageEraseConfirm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	m, err := s.reg.SignupByToken(ctx, c.Params("token"))
	if err != nil {
		return err
	}
	v, err := s.manageActivityView(c, m)
	if err != nil {
		return err
	}
	l := s.layoutFor(c, s.t(c, "erase.title", nil), c.Path())
	l.NoIndex = true
	return s.render(c, fiber.StatusOK, "erase", erasePage{layout: l, Token: c.Params("token"), A: v})
}

// pageErase erases the attendee's data and leaves for the list, since
// their manage page no longer exists.
func (s *Server) pageErase(c *fiber.Ctx) error {
	if err := s.reg.EraseByToken(c.UserContext(), c.Params("token")); err != nil {
		return err
	}
	return c.Redirect("/?done=erased", fiber.StatusSeeOther)
}

func (s *Server) manageActivityView(c *fiber.Ctx, m *registration.ManagedSignup) (activityView, error) {
	av := registration.ActivityView{Activity: m.Activity, SeatsLeft: m.Activity.SeatsLeft()}
	return s.activityView(c.UserContext(), orgCache{}, &av, Lang(c))
}

func (s *Server) renderManage(c *fiber.Ctx, status int, m *registration.ManagedSignup, pageErr error) error {
	v, err := s.manageActivityView(c, m)
	if err != nil {
		return err
	}
	su := m.Signup
	token := c.Params("token")
	p := managePage{layout: s.layoutFor(c, s.t(c, "manage.title", nil), "/signups/"+token), Token: token, A: v,
		S:          signupView{Name: su.Name, PartySize: su.PartySize, OnlineURL: m.OnlineURL},
		StatusText: s.t(c, "status."+su.Status, nil),
		CanCancel:  models.SignupActive(su.Status) && time.Now().Before(m.Activity.StartsAt),
	}
	p.NoIndex = true
	switch {
	case m.Activity.Status == models.StatusCancelled:
		p.StatusDetail, p.CanCancel = s.t(c, "manage.activity_cancelled", nil), false
	case su.Status == models.SignupConfirmed:
		p.StatusDetail = s.t(c, "manage.confirmed_detail", nil)
	case su.Status == models.SignupWaitlisted:
		p.StatusDetail = s.t(c, "manage.waitlist_detail", map[string]any{"Position": m.WaitlistPosition})
	case su.Status == models.SignupCancelled:
		p.StatusDetail = s.t(c, "manage.cancelled_detail", nil)
	}
	if models.SignupActive(su.Status) && !p.CanCancel && m.Activity.Status != models.StatusCancelled {
		p.StatusDetail += " " + s.t(c, "manage.started", nil)
	}
	switch c.Query("done") {
	case "signup":
		if su.Status == models.SignupWaitlisted {
			p.Notice = s.t(c, "notice.waitlisted", nil)
		} else if su.Status == models.SignupConfirmed {
			p.Notice = s.t(c, "notice.signed_up", nil)
		}
	case "cancel":
		if su.Status == models.SignupCancelled {
			p.Notice = s.t(c, "notice.cancelled", nil)
		}
	}
	if pageErr != nil {
		p.Errors, p.HasErrors = []errorLink{{Text: s.t(c, "error."+models.ErrorCode(pageErr), nil)}}, true
	}
	return s.render(c, status, "manage", p)
}
