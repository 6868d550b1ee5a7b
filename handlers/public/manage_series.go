package public

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The manage page of a series signup: every date with its status, a
// button to skip or rejoin each, and leaving the whole series. Plain
// forms, no script.

// seriesDate is one date of the series manage page.
type seriesDate struct {
	ActivityID         string
	When, Status       string
	CanSkip, CanRejoin bool
}

type seriesManagePage struct {
	httpx.Layout
	Token  string
	Notice string
	Errors []httpx.ErrorLink
	A      httpx.Activity
	Name   string
	Party  int
	Dates  []seriesDate
	// CanLeave says whether a date is left to leave.
	CanLeave bool
	Left     bool
}

// renderSeriesManage shows the manage page of a series signup, with
// pageErr (a refused skip or rejoin) when given.
func (s *Server) renderSeriesManage(c *fiber.Ctx, status int, m *registration.ManagedSignup, pageErr error) error {
	v, err := s.manageActivityView(c, m)
	if err != nil {
		return err
	}
	lang, token := httpx.Lang(c), c.Params("token")
	ms := m.Series
	p := seriesManagePage{Layout: s.LayoutFor(c, s.T(c, "series.manage.title", nil), manageURL(token)), Token: token,
		A: v, Name: ms.SeriesSignup.Name, Party: ms.SeriesSignup.PartySize, CanLeave: m.CanCancel,
		Left: ms.SeriesSignup.Status == models.SeriesSignupCancelled}
	p.NoIndex = true
	for _, oc := range ms.Occurrences {
		p.Dates = append(p.Dates, seriesDate{ActivityID: oc.Activity.ID,
			When:    s.Catalog.Span(lang, oc.Activity.StartsAt, oc.Activity.EndsAt, oc.Activity.Timezone),
			Status:  s.Catalog.OccurrenceStatus(lang, oc.Status, oc.WaitlistPosition),
			CanSkip: oc.CanSkip, CanRejoin: oc.CanRejoin})
	}
	switch c.Query("done") {
	case "signup":
		p.Notice = s.T(c, "notice.signed_up", nil)
	case "skip":
		p.Notice = s.T(c, "series.skipped_notice", nil)
	case "rejoin":
		p.Notice = s.T(c, "series.rejoined_notice", nil)
	case "cancel":
		if p.Left {
			p.Notice = s.T(c, "series.left", nil)
		}
	}
	if pageErr != nil {
		p.Errors, p.HasErrors = []httpx.ErrorLink{{Text: s.T(c, "error."+models.ErrorCode(pageErr), nil)}}, true
	}
	return s.Render(c, status, "manage_series", p)
}

// pageOccurrence skips or rejoins one date from the series manage page
// and shows it again (PRG); a refusal (started, full, closed) shows the
// page with the reason.
func (s *Server) pageOccurrence(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, token := c.UserContext(), c.Params("token")
		var err error
		if action == "skip" {
			_, err = s.Reg.SkipOccurrence(ctx, token, c.Params("activity"))
		} else {
			_, err = s.Reg.RejoinOccurrence(ctx, token, c.Params("activity"))
		}
		if err != nil {
			status, ok := httpx.StatusOf(models.ErrorCode(err))
			if !ok || status != fiber.StatusConflict {
				return err
			}
			m, merr := s.Reg.SignupByToken(ctx, token)
			if merr != nil || m.Series == nil {
				return err
			}
			return s.renderSeriesManage(c, status, m, err)
		}
		return c.Redirect(manageURL(token)+"?done="+action, fiber.StatusSeeOther)
	}
}

// pageSeriesSignUp signs up for every date of the activity's series from
// the activity page's form (its "sign up for all dates" button), as
// pageSignUp does for one date: the same form, the same limit and
// honeypot, errors shown on the activity page.
func (s *Server) pageSeriesSignUp(limit *httpx.RateLimiter) fiber.Handler {
	return s.signUpFromPage(limit, func(ctx context.Context, a *registration.ActivityView, in registration.SignupInput) (string, error) {
		if a.SeriesID == nil {
			return "", models.Errorf(models.ErrNotFound, "activity %s is in no series", a.ID)
		}
		res, err := s.Reg.SignUpSeries(ctx, *a.SeriesID, "", in)
		if err != nil {
			return "", err
		}
		return res.ManageToken, nil
	})
}
