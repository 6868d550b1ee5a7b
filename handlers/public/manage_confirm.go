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
// m: one template for both, in the words of the step's keys, posting to
// the step's own address.
func (s *Server) confirm(c *fiber.Ctx, step string, m *registration.ManagedSignup) error {
	v, err := s.manageActivityView(c, m)
	if err != nil {
		return err
	}
	words := step
	if step == "cancel" && m.Series != nil {
		words = "series_leave" // the whole series is left
	}
	t := func(key string) string { return s.T(c, words+"."+key, nil) }
	token := c.Params("token")
	l := s.LayoutFor(c, t("title"), c.Path())
	l.NoIndex = true
	return s.Render(c, fiber.StatusOK, "confirm", confirmPage{Layout: l, Token: token, A: v,
		Action: manageURL(token) + "/" + step, Title: t("title"), Text: t("text"), Confirm: t("confirm"), Back: t("back")})
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
