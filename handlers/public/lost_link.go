package public

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/registration"
)

// The activity page's "Lost your link?" form asks for the manage link
// to be emailed again (registration.RequestManageLink). Its answer is the
// same for every valid address, registered or not, so that the page
// tells nobody who signed up.

// lostLink is the lost-link form as posted, with the error it met; nil
// shows it empty.
type lostLink struct {
	email string
	err   error
}

// pageManageLink asks for the link and goes back to the activity page
// with the one neutral notice (PRG); an invalid address, or too many
// requests, shows the page again with the error on the form. It counts
// against the signup form's per-IP limit.
func (s *Server) pageManageLink(limit *httpx.RateLimiter) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		a, err := s.Reg.GetActivity(ctx, nil, c.Params("id"))
		if err != nil {
			return err
		}
		lost := &lostLink{email: c.FormValue("email")}
		if err := s.limited(c, limit); err != nil {
			lost.err = err
			return s.renderActivity(c, fiber.StatusTooManyRequests, a, httpx.SignupForm{Party: "1"}, nil, lost)
		}
		if lost.err = s.Reg.RequestManageLink(ctx, a.ID, lost.email); lost.err != nil {
			status, ok := httpx.FormErrorStatus(lost.err)
			if !ok {
				return lost.err
			}
			return s.renderActivity(c, status, a, httpx.SignupForm{Party: "1"}, nil, lost)
		}
		return c.Redirect("/activities/"+a.ID+"?link=sent#lost-link", fiber.StatusSeeOther)
	}
}

// lostLinkForm builds the lost-link form of activity a, with the errors
// of lost tied to its field, and the neutral notice after a request.
func (s *Server) lostLinkForm(c *fiber.Ctx, a *registration.ActivityView, lost *lostLink) (httpx.Form, []httpx.ErrorLink) {
	if lost == nil {
		lost = &lostLink{}
	}
	f := httpx.Form{Action: "/activities/" + a.ID + "/manage-link", Submit: s.T(c, "lostlink.submit", nil),
		Fields: []httpx.Field{{ID: "f-lost-email", Name: "email", Path: "email", Type: "email",
			Label: s.T(c, "lostlink.email", nil), Required: true, Value: lost.email, Autocomplete: "email", MaxLength: 254}}}
	if c.Query("link") == "sent" {
		f.Notice = s.T(c, "lostlink.sent", nil)
	}
	var summary []httpx.ErrorLink
	if lost.err != nil {
		summary, _ = s.FormErrors(c, httpx.Ptrs(f.Fields), lost.err, httpx.Wording{Sentences: httpx.SignupSentences})
		f.Errors = summary
	}
	httpx.Describe(httpx.Ptrs(f.Fields))
	return f, summary
}
