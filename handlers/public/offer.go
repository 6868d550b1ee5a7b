package public

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

// offerPage shows a seat offered from the waiting list with its two
// answers, each a form with one POST button: the email's links lead here
// (a link alone changes nothing, since mail scanners follow links), and
// Choice is the answer the link chose, shown first.
type offerPage struct {
	httpx.Layout
	Token  string
	A      httpx.Activity
	Until  string
	Choice string
	// AcceptAction and DeclineAction are where the two forms post.
	AcceptAction, DeclineAction string
}

// pageOffer shows the offer of a manage token's signup. A signup with no
// offer open (accepted, declined, passed on) gets its manage page, which
// says where it stands.
func (s *Server) pageOffer(c *fiber.Ctx) error {
	token := c.Params("token")
	m, err := s.Reg.SignupByToken(c.UserContext(), token)
	if err != nil {
		return err
	}
	if m.Signup.Status != models.SignupOffered || m.Signup.OfferExpiresAt == nil {
		return c.Redirect(manageURL(token), fiber.StatusSeeOther)
	}
	v, err := s.manageActivityView(c, m)
	if err != nil {
		return err
	}
	zone := m.Activity.Timezone
	l := s.LayoutFor(c, s.T(c, "offer.title", nil), c.Path())
	l.NoIndex = true
	choice := c.Query("choice")
	if choice != "decline" {
		choice = "accept"
	}
	return s.Render(c, fiber.StatusOK, "offer", offerPage{Layout: l, Token: token, A: v, Choice: choice,
		Until:        s.Catalog.DateTime(httpx.Lang(c), *m.Signup.OfferExpiresAt, zone) + " (" + zone + ")",
		AcceptAction: manageURL(token) + "/offer/accept", DeclineAction: manageURL(token) + "/offer/decline"})
}

// pageOfferAccept takes the offered seat and shows the manage page (PRG);
// an offer that ran out shows the manage page saying so.
func (s *Server) pageOfferAccept(c *fiber.Ctx) error {
	token := c.Params("token")
	if _, err := s.Reg.AcceptOffer(c.UserContext(), token); err != nil {
		return s.offerRefused(c, token, err)
	}
	return c.Redirect(manageURL(token)+"?done=accept", fiber.StatusSeeOther)
}

// pageOfferDecline gives the offered seat to the next person (PRG).
func (s *Server) pageOfferDecline(c *fiber.Ctx) error {
	token := c.Params("token")
	if _, err := s.Reg.DeclineOffer(c.UserContext(), token); err != nil {
		return s.offerRefused(c, token, err)
	}
	return c.Redirect(manageURL(token)+"?done=decline", fiber.StatusSeeOther)
}

// offerRefused is the manage page with the reason an answer to an offer
// was refused (it expired, or there was no offer to answer).
func (s *Server) offerRefused(c *fiber.Ctx, token string, err error) error {
	code := models.ErrorCode(err)
	if code != models.ErrOfferExpired && code != models.ErrConflict && code != models.ErrActivityCancelled {
		return err
	}
	m, merr := s.Reg.SignupByToken(c.UserContext(), token)
	if merr != nil {
		return merr
	}
	return s.renderManage(c, fiber.StatusConflict, m, err, nil)
}
