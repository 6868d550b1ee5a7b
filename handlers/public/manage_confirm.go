package public

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// pageCancelConfirm asks before cancelling: a cancelled place goes to the
// waiting list at once and may be gone for good. A signup that can no
// longer be cancelled (already cancelled, or the activity started or was
// cancelled) gets its manage page instead, which says why.
func (s *Server) pageCancelConfirm(c *fiber.Ctx) error {
	m, err := s.Reg.SignupByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	if !m.CanCancel {
		return c.Redirect(manageURL(c.Params("token")), fiber.StatusSeeOther)
	}
	return s.confirm(c, "cancel", m)
}

// confirm shows the confirmation page of step ("cancel" or "erase") for
// m, whose template and title key are named after it.
func (s *Server) confirm(c *fiber.Ctx, step string, m *registration.ManagedSignup) error {
	v, err := s.manageActivityView(c, m)
	if err != nil {
		return err
	}
	l := s.LayoutFor(c, s.T(c, step+".title", nil), c.Path())
	l.NoIndex = true
	return s.Render(c, fiber.StatusOK, step, confirmPage{Layout: l, Token: c.Params("token"), A: v})
}

// cancelStarted is the answer to a cancel refused because the activity
// started: the manage page, saying so.
func (s *Server) cancelStarted(c *fiber.Ctx, token string, err error) error {
	if !models.IsCode(err, models.ErrActivityStarted) {
		return err
	}
	m, merr := s.Reg.SignupByToken(c.UserContext(), token)
	if merr != nil {
		return merr
	}
	return s.renderManage(c, fiber.StatusConflict, m, err, nil)
}
