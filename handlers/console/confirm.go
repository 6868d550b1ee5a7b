package console

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// A destructive action in the console (cancel a signup, cancel or delete
// an activity, turn an account off) is a GET page first: it says what
// will happen and who will be told, and carries the one POST button, so
// that no single tap at the door undoes someone's place. No JavaScript.

// staffConfirmPage is the confirmation step of a destructive action.
type staffConfirmPage struct {
	httpx.Layout
	CSRF           string
	Section        string // the navigation's section; the dashboard's by default
	Heading        string
	Lines          []string      // what will happen, and who will be told
	Action         string        // where the POST goes
	Confirm        string        // the button
	Fields         []httpx.Field // more input the action takes (a reason, the "tell the attendee" tick)
	Hidden         []hiddenInput // where to come back to
	Back, BackText string
	Errors         []httpx.ErrorLink
}

type hiddenInput struct{ Name, Value string }

// renderConfirm shows a confirmation page with its error, if any.
func (s *Server) renderConfirm(c *fiber.Ctx, status int, p staffConfirmPage, formErr error) error {
	if p.Section == "" {
		p.Section = "dashboard"
	}
	p.Layout, p.CSRF = s.staffLayout(c, p.Heading, p.Section), s.csrfToken(c)
	if formErr != nil {
		fields := httpx.Ptrs(p.Fields)
		errs, shown, err := s.formErrors(c, fields, formErr, true)
		if err != nil {
			return err
		}
		if len(errs) == 0 {
			errs = []httpx.ErrorLink{{Text: s.T(c, "error."+models.ErrorCode(formErr), nil)}}
		}
		p.Errors, p.HasErrors = errs, shown || len(errs) > 0
	}
	return s.Render(c, status, "staff_confirm", p)
}

// staffConfirmCancelSignup asks before a signup is cancelled, naming the
// attendee and whether they will be emailed, in their language.
func (s *Server) staffConfirmCancelSignup(c *fiber.Ctx) error {
	su, err := s.Reg.StaffSignup(c.UserContext(), httpx.Actor(c), c.Params("signup"))
	if err != nil {
		return err
	}
	back := staffPath + "/activities/" + su.ActivityID + "/attendees"
	if u := keptFilter(c.Query("status"), c.Query("q")); len(u) > 0 {
		back += "?" + u.Encode()
	}
	name := su.Name
	if su.ErasedAt != nil {
		name = s.T(c, "staff.erased", nil)
	}
	p := staffConfirmPage{Heading: s.T(c, "staff.cancel_signup_title", nil), Action: staffPath + "/signups/" + su.ID + "/cancel",
		Confirm: s.T(c, "staff.cancel_signup", nil), Back: back + "#s-" + su.ID, BackText: s.T(c, "staff.back_attendees", nil),
		Lines: []string{s.T(c, "staff.cancel_signup_who", map[string]any{"Name": name, "N": su.PartySize})}}
	if !models.SignupActive(su.Status) {
		return models.Errorf(models.ErrConflict, "signup %s is %s", su.ID, su.Status)
	}
	if su.Email != "" && su.ErasedAt == nil {
		p.Lines = append(p.Lines, s.T(c, "staff.cancel_signup_told", map[string]any{"Name": name, "Lang": web.NativeName(su.Language)}))
		p.Fields = append(p.Fields, httpx.Field{ID: "f-notify", Name: "notify", Type: "checkbox", Value: "yes",
			Label: s.T(c, "staff.notify_attendee", nil)})
	} else {
		p.Lines = append(p.Lines, s.T(c, "staff.cancel_signup_no_email", nil))
	}
	if models.SignupHoldsSeat(su.Status) {
		// Said only when someone waits: the notice afterwards says whether anyone got the place.
		a, err := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), su.ActivityID)
		if err != nil {
			return err
		}
		if a.WaitlistCount > 0 {
			p.Lines = append(p.Lines, s.T(c, "staff.cancel_signup_seats", nil))
		}
	}
	p.Hidden = []hiddenInput{{"filter", c.Query("status")}, {"q", c.Query("q")}, {"activity", su.ActivityID}}
	return s.renderConfirm(c, fiber.StatusOK, p, nil)
}

// keptFilter is the attendees list's filter, to come back to it as it was.
func keptFilter(status, q string) url.Values {
	u := url.Values{}
	if status != "" {
		u.Set("status", status)
	}
	if q != "" {
		u.Set("q", q)
	}
	return u
}

// cancelledNotice is the notice after a staff cancellation: only what
// happened, the email and the waiting list's move included.
func cancelledNotice(told bool, promoted int) string {
	parts := []string{"signup_cancelled"}
	if told {
		parts = append(parts, "told")
	}
	if promoted > 0 {
		parts = append(parts, "promoted")
	}
	return strings.Join(parts, ".")
}
