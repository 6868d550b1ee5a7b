package console

import (
	"crypto/hmac"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// A check-in code's page (routes.CheckInPath) is what any phone camera
// opens from a confirmed signup's QR code. Staff of the signup's
// organisation, logged in, see whom it names and one large button; anyone
// else — nobody logged in, staff of another organisation, a code that is
// not genuine — sees the same page with status 200 and nothing personal:
// "show this code to the librarian". Since the answer is the same for
// every code, trying codes learns nothing, and no rate limit is needed
// (codes carry a 192-bit MAC besides: see registration.CheckInCode).
//
// The console's session cookie is scoped to /staff, so login also sets
// checkinCookie, the same token scoped to /c, and logout clears both.
const (
	checkinCookie = "agora_checkin"
	checkinPath   = "/c"
)

type checkinPage struct {
	httpx.Layout
	// Card is nil on the page that shows nothing personal.
	Card     *checkinCard
	LoginURL string
}

type checkinCard struct {
	Name, Status, Action, CSRF, Notice, Closed string
	Party                                      int
	Erased, Attended, Open                     bool
	A                                          staffActivityView
	Errors                                     []httpx.ErrorLink
}

// checkinRoutes registers the check-in page, answering errors as pages.
func (s *Server) checkinRoutes(r fiber.Router) {
	g := r.Group(checkinPath, httpx.Pages(s.ErrorPage(s.errorNav)), httpx.Private, s.optionalSession)
	route := "/" + models.LinkToken
	g.Get(route, s.checkinPage)
	g.Post(route, s.checkinPost)
}

// optionalSession makes the Actor of a valid check-in cookie available;
// without one the request goes on anonymous.
func (s *Server) optionalSession(c *fiber.Ctx) error {
	token := c.Cookies(checkinCookie)
	if token == "" {
		return c.Next()
	}
	a, err := s.Reg.Authenticate(c.UserContext(), token)
	switch {
	case models.IsCode(err, models.ErrUnauthorized):
		s.clearCookie(c, checkinCookie)
	case err != nil:
		return err
	default:
		httpx.SetActor(c, a)
		c.Locals(localSession, token)
	}
	return c.Next()
}

func (s *Server) checkinPage(c *fiber.Ctx) error {
	card, err := s.Reg.CheckInByCode(c.UserContext(), httpx.Actor(c), c.Params("token"))
	return s.renderCheckin(c, card, err, nil)
}

// checkinPost checks the person in (idempotent) and shows the page again
// (PRG). Without a staff session of the organisation it changes nothing
// and answers the page that shows nothing personal.
func (s *Server) checkinPost(c *fiber.Ctx) error {
	code := c.Params("token")
	if httpx.Actor(c) != nil && !hmac.Equal([]byte(c.FormValue(csrfField)), []byte(s.csrfToken(c))) {
		return s.csrfRefused(c)
	}
	card, err := s.Reg.CheckInWithCode(c.UserContext(), httpx.Actor(c), code)
	if err == nil {
		return c.Redirect(checkinURL(code)+"?done=checkin", fiber.StatusSeeOther)
	}
	if !models.IsCode(err, models.ErrConflict) {
		return s.renderCheckin(c, card, err, nil)
	}
	card, lookErr := s.Reg.CheckInByCode(c.UserContext(), httpx.Actor(c), code)
	return s.renderCheckin(c, card, lookErr, err)
}

// renderCheckin shows card, or the page with nothing personal when the
// code shows nothing to this caller (not_found); refused is a check-in
// refused (the door not open yet, or no seat held), shown with why.
func (s *Server) renderCheckin(c *fiber.Ctx, card *registration.CheckInCard, err, refused error) error {
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		return err
	}
	code := c.Params("token")
	l := s.LayoutFor(c, s.T(c, "checkin.show_title", nil), c.Path())
	l.NoIndex = true
	if httpx.Actor(c) != nil {
		l.Staff = s.nav(c, "")
	}
	p := checkinPage{Layout: l, LoginURL: staffPath + "/login?" + url.Values{"next": {checkinURL(code)}}.Encode()}
	if card == nil {
		return s.Render(c, fiber.StatusOK, "checkin", p)
	}
	view := registration.ActivityView{Activity: card.Activity, SeatsLeft: card.Activity.SeatsLeft()}
	v, err := s.staffView(c, httpx.OrgCache{}, &view)
	if err != nil {
		return err
	}
	su := card.Signup
	p.Title = s.T(c, "checkin.title", nil)
	p.Card = &checkinCard{Name: su.Name, Status: su.Status, Party: su.PartySize, Action: checkinURL(code),
		CSRF: s.csrfToken(c), A: v, Attended: su.Status == models.SignupAttended, Open: card.Open}
	if c.Query("done") == "checkin" && p.Card.Attended {
		p.Card.Notice = s.T(c, "checkin.done", nil)
	}
	switch {
	case p.Card.Attended || card.Open:
	case !models.SignupHoldsSeat(su.Status):
		p.Card.Closed = s.T(c, "checkin.no_seat", nil)
	default:
		p.Card.Closed = s.T(c, "checkin.not_open", nil)
	}
	status := fiber.StatusOK
	if refused != nil && p.Card.Closed != "" {
		status = fiber.StatusConflict
		p.Card.Errors, p.HasErrors = []httpx.ErrorLink{{Text: p.Card.Closed}}, true
	}
	return s.Render(c, status, "checkin", p)
}

// checkinURL is the path of code's check-in page.
func checkinURL(code string) string {
	return models.LinkTemplate(routes.CheckInPath).With(code)
}
