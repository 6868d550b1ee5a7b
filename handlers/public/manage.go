package public

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// signupView is what an attendee's own pages show of their signup.
type signupView struct {
	Name      string
	PartySize int
	OnlineURL string
}

type managePage struct {
	httpx.Layout
	Token        string
	Notice       string
	Errors       []httpx.ErrorLink
	A            httpx.Activity
	S            signupView
	StatusText   string
	StatusDetail string
	CanCancel    bool
	// Edit is the form that changes the party and answers, while the
	// signup may change (the same rule as cancelling).
	Edit *httpx.Form
	// CalendarCancels says the calendar file offered removes the entry
	// (the signup or the activity is cancelled).
	CalendarCancels bool
	// CheckIn is the signup's check-in code, for a signup holding seats.
	CheckIn *checkInView
	// Certificate offers the certificate of participation.
	Certificate bool
	// OfferURL is the page answering the seat offered, while one is.
	OfferURL string
}

// checkInView is the check-in address as a QR image (a data: address)
// and as text.
type checkInView struct {
	URL string
	QR  template.URL
}

// confirmPage asks an attendee to confirm a step that cannot be taken
// back (cancel, erase): a form with one POST button, so that a link
// followed by a mail scanner or a slip of the finger changes nothing.
type confirmPage struct {
	httpx.Layout
	Token  string
	A      httpx.Activity
	Action string
	// Title, Text, Confirm and Back are the step's own words.
	Title, Text, Confirm, Back string
}

// pageManage shows an attendee their signup: its status, their place on
// the waiting list, the online link once confirmed, and how to cancel or
// erase it.
func (s *Server) pageManage(c *fiber.Ctx) error {
	m, err := s.Reg.SignupByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return s.renderManage(c, fiber.StatusOK, m, nil, nil)
}

// calendar answers the signup's calendar file (private, like every page
// of a manage token), as a download named after nothing personal.
func (s *Server) calendar(c *fiber.Ctx) error {
	data, contentType, err := s.Reg.CalendarByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="activity.ics"`)
	return c.Send(data)
}

// pageCancel cancels from the manage page and shows it again (PRG).
func (s *Server) pageCancel(c *fiber.Ctx) error {
	token := c.Params("token")
	if _, err := s.Reg.CancelByToken(c.UserContext(), token); err != nil {
		return s.cancelStarted(c, token, err)
	}
	return c.Redirect(manageURL(token)+"?done=cancel", fiber.StatusSeeOther)
}

// pageEraseConfirm asks before erasing: erasure cannot be undone.
func (s *Server) pageEraseConfirm(c *fiber.Ctx) error {
	m, err := s.Reg.SignupByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return s.confirm(c, "erase", m)
}

// pageErase erases the attendee's data and leaves for the list, since
// their manage page no longer exists.
func (s *Server) pageErase(c *fiber.Ctx) error {
	if err := s.Reg.EraseByToken(c.UserContext(), c.Params("token")); err != nil {
		return err
	}
	return c.Redirect("/?done=erased", fiber.StatusSeeOther)
}

func (s *Server) manageActivityView(c *fiber.Ctx, m *registration.ManagedSignup) (httpx.Activity, error) {
	av := registration.ActivityView{Activity: m.Activity, SeatsLeft: m.Activity.SeatsLeft()}
	return s.ShowActivity(c.UserContext(), httpx.OrgCache{}, &av, httpx.Lang(c))
}

// renderManage shows the manage page of m, with pageErr (a refused
// cancellation) or the edit form as posted (edit) when either is given.
func (s *Server) renderManage(c *fiber.Ctx, status int, m *registration.ManagedSignup, pageErr error, edit *editState) error {
	if m.Series != nil {
		return s.renderSeriesManage(c, status, m, pageErr)
	}
	v, err := s.manageActivityView(c, m)
	if err != nil {
		return err
	}
	su := m.Signup
	token := c.Params("token")
	p := managePage{Layout: s.LayoutFor(c, s.T(c, "manage.title", nil), manageURL(token)), Token: token, A: v,
		S:               signupView{Name: su.Name, PartySize: su.PartySize, OnlineURL: m.OnlineURL},
		StatusText:      s.T(c, "status."+su.Status, nil),
		CanCancel:       m.CanCancel,
		Certificate:     m.CertificateReady,
		CalendarCancels: su.Status == models.SignupCancelled || m.Activity.Status == models.StatusCancelled,
	}
	p.NoIndex = true
	if m.CheckInURL != "" {
		qr, err := web.QRDataURI(m.CheckInURL)
		if err != nil {
			return err
		}
		p.CheckIn = &checkInView{URL: m.CheckInURL, QR: qr}
	}
	switch {
	case m.Activity.Status == models.StatusCancelled:
		p.StatusDetail = s.T(c, "manage.activity_cancelled", nil)
	case su.Status == models.SignupConfirmed:
		p.StatusDetail = s.T(c, "manage.confirmed_detail", nil)
	case su.Status == models.SignupWaitlisted:
		p.StatusDetail = s.T(c, "manage.waitlist_detail", map[string]any{"Position": m.WaitlistPosition})
	case su.Status == models.SignupOffered && su.OfferExpiresAt != nil:
		p.StatusDetail = s.T(c, "manage.offer_detail", map[string]any{
			"Until": s.Catalog.DateTime(httpx.Lang(c), *su.OfferExpiresAt, m.Activity.Timezone)})
		p.OfferURL = manageURL(token) + "/offer"
	case su.Status == models.SignupPendingDraw && m.Activity.DrawAt != nil:
		p.StatusDetail = s.T(c, "manage.pending_draw_detail", map[string]any{
			"When": s.Catalog.DateTime(httpx.Lang(c), *m.Activity.DrawAt, m.Activity.Timezone)})
	case su.Status == models.SignupCancelled && su.CancelledBy == models.CancelledByOfferExpired:
		p.StatusDetail = s.T(c, "manage.offer_expired_detail", nil)
	case su.Status == models.SignupCancelled:
		p.StatusDetail = s.T(c, "manage.cancelled_detail", nil)
	}
	if models.SignupActive(su.Status) && !p.CanCancel && m.Activity.Status != models.StatusCancelled {
		p.StatusDetail += " " + s.T(c, "manage.started", nil)
	}
	switch c.Query("done") {
	case "signup":
		if su.Status == models.SignupWaitlisted {
			p.Notice = s.T(c, "notice.waitlisted", nil)
		} else if su.Status == models.SignupConfirmed {
			p.Notice = s.T(c, "notice.signed_up", nil)
		}
	case "cancel":
		if su.Status == models.SignupCancelled {
			p.Notice = s.T(c, "notice.cancelled", nil)
		}
	case "change":
		p.Notice = s.T(c, "notice.changed", nil)
	case "accept":
		if su.Status == models.SignupConfirmed {
			p.Notice = s.T(c, "notice.offer_accepted", nil)
		}
	case "decline":
		if su.Status == models.SignupCancelled {
			p.Notice = s.T(c, "notice.offer_declined", nil)
		}
	}
	if pageErr != nil {
		p.Errors, p.HasErrors = []httpx.ErrorLink{{Text: s.T(c, "error."+models.ErrorCode(pageErr), nil)}}, true
	}
	if m.CanChange {
		var summary []httpx.ErrorLink
		if p.Edit, summary = s.editForm(c, m, edit); len(summary) > 0 {
			p.Errors, p.HasErrors = summary, true
		}
	}
	return s.Render(c, status, "manage", p)
}

// manageURL is the path of the manage page of token, built from the same
// route the page is registered under.
func manageURL(token string) string {
	return models.LinkTemplate(routes.ManagePath).With(token)
}
