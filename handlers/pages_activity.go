package handlers

import (
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

type activityPage struct {
	layout
	A      activityView
	Open   bool
	Closed string // why the form is not shown
	// ClosesAt says until when signups are taken, when the activity
	// closes registration before it starts.
	ClosesAt string
	Form     formView
}

// pageActivity shows an activity with its signup form.
func (s *Server) pageActivity(c *fiber.Ctx) error {
	a, err := s.reg.GetActivity(c.UserContext(), nil, c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderActivity(c, fiber.StatusOK, a, signupForm{Party: "1"}, nil)
}

// pageSignUp signs up from the form and redirects to the new signup's
// manage page (Post/Redirect/Get). An error shows the form again with
// what was typed and the errors. The form shares the API's per-IP limit
// setting, with a bucket of its own.
func (s *Server) pageSignUp(limit *RateLimiter) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx := c.UserContext()
		a, err := s.reg.GetActivity(ctx, nil, c.Params("id"))
		if err != nil {
			return err
		}
		form := readSignupForm(c, a.Questions)
		if ok, wait := limit.Allow(s.clientIP(c)); !ok {
			retry := max(1, int(math.Ceil(wait.Seconds())))
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
			return s.renderActivity(c, fiber.StatusTooManyRequests, a, form,
				&models.Error{Code: models.ErrRateLimited, RetryAfter: retry})
		}
		// The honeypot is a field people never see; only robots fill it.
		if c.FormValue("website") != "" {
			return models.Errorf(models.ErrBadRequest, "honeypot field filled")
		}
		res, err := s.reg.SignUp(ctx, a.ID, "", form.input(a.Questions))
		if err != nil {
			status, ok := statusOf[models.ErrorCode(err)]
			if !ok || status >= fiber.StatusInternalServerError || models.IsCode(err, models.ErrNotFound) {
				return err
			}
			return s.renderActivity(c, status, a, form, err)
		}
		return c.Redirect("/signups/"+res.ManageToken+"?done=signup", fiber.StatusSeeOther)
	}
}

// renderActivity renders the activity page; formErr, when set, is shown
// on the form.
func (s *Server) renderActivity(c *fiber.Ctx, status int, a *registration.ActivityView, form signupForm, formErr error) error {
	ctx := c.UserContext()
	lang := Lang(c)
	v, err := s.activityView(ctx, orgCache{}, a, lang)
	if err != nil {
		return err
	}
	fallback := models.DefaultLanguage
	if o, err := s.reg.OrganisationByRef(ctx, a.OrganisationID); err == nil {
		fallback = o.DefaultLanguage
	}
	p := activityPage{layout: s.layoutFor(c, v.Title.Text, "/activities/"+a.ID), A: v}
	p.Open, p.Closed = s.signupOpen(c, a)
	if at := a.RegistrationClosesAt; at != nil && at.Before(a.StartsAt) {
		p.ClosesAt = s.t(c, "signup.closes_at", map[string]any{"When": s.catalog.DateTime(lang, *at, a.Timezone)})
	}
	p.Form = formView{Action: "/activities/" + a.ID + "/signup", Submit: s.t(c, "signup.submit", nil),
		Fields: s.signupFields(c, a, form, fallback)}
	if a.SeatsLeft == 0 && a.Waitlist {
		p.Form.Notice, p.Form.Submit = s.t(c, "signup.full_notice", nil), s.t(c, "signup.submit_waitlist", nil)
	}
	if formErr != nil {
		summary, ok := s.applyErrors(c, p.Form.Fields, formErr, max(a.MaxPartySize, 1))
		if !ok {
			return formErr
		}
		p.Form.Errors, p.HasErrors = summary, true
	}
	describe(p.Form.Fields)
	return s.render(c, status, "activity", p)
}

// signupOpen reports whether the activity takes signups now, and if not,
// why, in the reader's language.
func (s *Server) signupOpen(c *fiber.Ctx, a *registration.ActivityView) (bool, string) {
	now := time.Now()
	switch {
	case a.Status == models.StatusCancelled:
		return false, s.t(c, "signup.closed_cancelled", nil)
	case a.RegistrationOpensAt != nil && now.Before(*a.RegistrationOpensAt) && now.Before(a.StartsAt):
		at, lang := *a.RegistrationOpensAt, Lang(c)
		return false, s.t(c, "signup.opens_at", map[string]any{
			"Date": s.catalog.Date(lang, at, a.Timezone), "Time": s.catalog.Time(lang, at, a.Timezone)})
	case !a.RegistrationOpen(now):
		return false, s.t(c, "signup.closed", nil)
	case a.SeatsLeft == 0 && !a.Waitlist:
		return false, s.t(c, "signup.closed_full", nil)
	}
	return true, ""
}
