package public

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

type activityPage struct {
	httpx.Layout
	A      httpx.Activity
	Open   bool
	Closed string // why the form is not shown
	// ClosesAt says until when signups are taken, when the activity
	// closes registration before it starts.
	ClosesAt string
	Form     httpx.Form
	// Lost is the "Lost your link?" form.
	Lost httpx.Form
	// Series says the activity's series is open for one signup: the form
	// offers "sign up for all dates" too (the same fields).
	Series bool
}

// pageActivity shows an activity with its signup form.
func (s *Server) pageActivity(c *fiber.Ctx) error {
	a, err := s.Reg.GetActivity(c.UserContext(), nil, c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderActivity(c, fiber.StatusOK, a, httpx.SignupForm{Party: "1"}, nil, nil)
}

// pageSignUp signs up from the form and redirects to the new signup's
// manage page (Post/Redirect/Get). An error shows the form again with
// what was typed and the errors. The form shares the API's per-IP limit
// setting, with a bucket of its own.
func (s *Server) pageSignUp(limit *httpx.RateLimiter) fiber.Handler {
	return s.signUpFromPage(limit, func(ctx context.Context, a *registration.ActivityView, in registration.SignupInput) (string, error) {
		res, err := s.Reg.SignUp(ctx, a.ID, "", in)
		if err != nil {
			return "", err
		}
		return res.ManageToken, nil
	})
}

// signUpFromPage is the activity page's signup form, posted: read the
// form, apply the limit and the honeypot, sign up (one date or the whole
// series) and go to the manage page of the token signUp returns, or show
// the form again with its errors.
func (s *Server) signUpFromPage(limit *httpx.RateLimiter,
	signUp func(context.Context, *registration.ActivityView, registration.SignupInput) (string, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		a, err := s.Reg.GetActivity(ctx, nil, c.Params("id"))
		if err != nil {
			return err
		}
		form := httpx.ReadSignupForm(c, a.Questions)
		if err := s.limited(c, limit); err != nil {
			return s.renderActivity(c, fiber.StatusTooManyRequests, a, form, err, nil)
		}
		// The honeypot is a field people never see; only robots fill it.
		if c.FormValue("website") != "" {
			return models.Errorf(models.ErrBadRequest, "honeypot field filled")
		}
		token, err := signUp(ctx, a, form.Input(a.Questions))
		if err != nil {
			status, ok := httpx.StatusOf(models.ErrorCode(err))
			if !ok || status >= fiber.StatusInternalServerError || models.IsCode(err, models.ErrNotFound) {
				return err
			}
			return s.renderActivity(c, status, a, form, err, nil)
		}
		return c.Redirect(manageURL(token)+"?done=signup", fiber.StatusSeeOther)
	}
}

// renderActivity renders the activity page; formErr, when set, is shown
// on the signup form, and lost, when set, on the lost-link form.
func (s *Server) renderActivity(c *fiber.Ctx, status int, a *registration.ActivityView, form httpx.SignupForm, formErr error, lost *lostLink) error {
	ctx := c.UserContext()
	lang := httpx.Lang(c)
	v, err := s.ShowActivity(ctx, httpx.OrgCache{}, a, lang)
	if err != nil {
		return err
	}
	fallback := models.DefaultLanguage
	if o, err := s.Reg.OrganisationByRef(ctx, a.OrganisationID); err == nil {
		fallback = o.DefaultLanguage
	}
	p := activityPage{Layout: s.LayoutFor(c, v.Title.Text, "/activities/"+a.ID), A: v}
	p.Open, p.Closed = s.signupOpen(c, a)
	p.Series = s.Reg.SeriesOpenForSignup(ctx, a.SeriesID)
	if at := a.RegistrationClosesAt; at != nil && at.Before(a.StartsAt) {
		p.ClosesAt = s.T(c, "signup.closes_at", map[string]any{"When": s.Catalog.DateTime(lang, *at, a.Timezone)})
	}
	p.Form = httpx.Form{Action: "/activities/" + a.ID + "/signup", Submit: s.T(c, "signup.submit", nil),
		Fields: s.SignupFields(c, a, form, fallback, false)}
	if a.SeatsLeft == 0 && a.Waitlist {
		p.Form.Notice, p.Form.Submit = s.T(c, "signup.full_notice", nil), s.T(c, "signup.submit_waitlist", nil)
	}
	if formErr != nil {
		summary, ok := s.FormErrors(c, httpx.Ptrs(p.Form.Fields), formErr,
			httpx.Wording{Sentences: httpx.SignupSentences, Max: max(a.MaxPartySize, 1)})
		if !ok {
			return formErr
		}
		p.Form.Errors, p.HasErrors = summary, true
	}
	var lostErrors []httpx.ErrorLink
	if p.Lost, lostErrors = s.lostLinkForm(c, a, lost); len(lostErrors) > 0 {
		p.Form.Errors, p.HasErrors = lostErrors, true
	}
	httpx.Describe(httpx.Ptrs(p.Form.Fields))
	return s.Render(c, status, "activity", p)
}

// signupOpen reports whether the activity takes signups now, and if not,
// why, in the reader's language.
func (s *Server) signupOpen(c *fiber.Ctx, a *registration.ActivityView) (bool, string) {
	now := time.Now()
	switch {
	case a.Status == models.StatusCancelled:
		return false, s.T(c, "signup.closed_cancelled", nil)
	case a.RegistrationOpensAt != nil && now.Before(*a.RegistrationOpensAt) && now.Before(a.StartsAt):
		at, lang := *a.RegistrationOpensAt, httpx.Lang(c)
		return false, s.T(c, "signup.opens_at", map[string]any{
			"Date": s.Catalog.Date(lang, at, a.Timezone), "Time": s.Catalog.Time(lang, at, a.Timezone)})
	case !a.RegistrationOpen(now):
		return false, s.T(c, "signup.closed", nil)
	case a.SeatsLeft == 0 && !a.Waitlist:
		return false, s.T(c, "signup.closed_full", nil)
	}
	return true, ""
}
