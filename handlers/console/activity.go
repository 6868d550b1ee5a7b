package console

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

type questionSummary struct {
	Label    httpx.LText
	Type     string
	Required bool
	Options  []httpx.LText
}

type messageSummary struct {
	ID         string
	Subject    httpx.LText
	Recipients int
	CreatedAt  time.Time
}

type staffActivityPage struct {
	httpx.Layout
	Notice                 string
	A                      staffActivityView
	CSRF                   string
	Questions              []questionSummary
	Messages               []messageSummary
	Draft, Cancelled       bool
	Repeat                 httpx.Form
	AddAttendee            *httpx.Form // published activities only
	Errors                 []httpx.ErrorLink
	PublicURL, StatusLabel string
	// Certificates lists the issued certificates once they may be
	// issued (CertificatesOpen), when the section shows.
	Certificates     []certificateRow
	CertificatesOpen bool
}

// staffActivity shows an activity to its staff, with what they can do
// with it: edit, publish, cancel, repeat, delete, see the attendees,
// write to them.
func (s *Server) staffActivity(c *fiber.Ctx) error {
	v, err := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderStaffActivity(c, fiber.StatusOK, v, nil)
}

func (s *Server) renderStaffActivity(c *fiber.Ctx, status int, a *registration.ActivityView, formErr error) error {
	return s.renderStaffActivityWith(c, status, a, formErr, nil)
}

// renderStaffActivityWith renders the activity's page; formErr is shown
// on the repeat form, add (when not nil) in the "Add attendee" form.
func (s *Server) renderStaffActivityWith(c *fiber.Ctx, status int, a *registration.ActivityView, formErr error, add *addAttendeeForm) error {
	ctx, lang := c.UserContext(), httpx.Lang(c)
	v, err := s.staffView(c, httpx.OrgCache{}, a)
	if err != nil {
		return err
	}
	p := staffActivityPage{Layout: s.staffLayout(c, v.Title.Text, "dashboard"), Notice: s.notice(c), A: v,
		CSRF: s.csrfToken(c), Draft: a.Status == models.StatusDraft, Cancelled: a.Status == models.StatusCancelled,
		PublicURL: "/activities/" + a.ID, StatusLabel: s.T(c, "staff.status_"+a.Status, nil)}
	for _, q := range a.Questions {
		qs := questionSummary{Label: httpx.Pick(q.Label, lang, v.OrgLanguage), Type: q.Type, Required: q.Required}
		for _, o := range q.Options {
			qs.Options = append(qs.Options, httpx.OptionLabel(o, lang, v.Title.Lang))
		}
		p.Questions = append(p.Questions, qs)
	}
	if !p.Draft {
		msgs, err := s.Reg.ActivityMessages(ctx, httpx.Actor(c), a.ID)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			p.Messages = append(p.Messages, messageSummary{ID: m.ID, Subject: httpx.Pick(m.Subject, lang, ""),
				Recipients: m.Recipients, CreatedAt: m.CreatedAt})
		}
	}
	if p.Certificates, p.CertificatesOpen, err = s.certificateRows(c, a); err != nil {
		return err
	}
	base := staffPath + "/activities/" + a.ID
	p.Repeat = httpx.Form{Action: base + "/repeat", Submit: s.T(c, "staff.repeat_submit", nil), Fields: []httpx.Field{
		{ID: "f-frequency", Name: "frequency", Path: "frequency", Type: "select", Label: s.T(c, "staff.frequency", nil),
			Required: true, Options: []httpx.Option{
				{Value: models.RepeatWeekly, Label: s.T(c, "staff.weekly", nil), Selected: true},
				{Value: models.RepeatDaily, Label: s.T(c, "staff.daily", nil)},
				{Value: models.RepeatMonthly, Label: s.T(c, "staff.monthly", nil)}}},
		{ID: "f-count", Name: "count", Path: "count", Type: "number", Label: s.T(c, "staff.repeat_count", nil),
			Hint: s.T(c, "staff.repeat_count_hint", map[string]any{"Max": models.MaxRepeat}), Required: true, Value: "4"},
		{ID: "f-series-signup", Name: "series_signup", Path: "series_signup", Type: "checkbox",
			Label: s.T(c, "staff.series_signup_option", nil)},
	}}
	errs, shown, err := s.formErrors(c, httpx.Ptrs(p.Repeat.Fields), formErr, true)
	if err != nil {
		return err
	}
	p.Errors, p.HasErrors = errs, shown
	if a.Status == models.StatusPublished {
		form, summary := s.addAttendeeFields(c, a, v.OrgLanguage, add)
		p.AddAttendee = &form
		if add != nil && add.err != nil {
			p.Errors, p.HasErrors = summary, true
		}
	}
	return s.Render(c, status, "staff_activity", p)
}

// afterAction answers an action on an activity: back to its page with a
// notice, or the page again with the error when it is one to show.
func (s *Server) afterAction(c *fiber.Ctx, id, done string, err error) error {
	if err == nil {
		return c.Redirect(staffPath+"/activities/"+id+"?done="+done, fiber.StatusSeeOther)
	}
	status, ok := httpx.FormErrorStatus(err)
	if !ok {
		return err
	}
	v, verr := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), id)
	if verr != nil {
		return verr
	}
	return s.renderStaffActivity(c, status, v, err)
}

// staffPublish opens a draft for signups.
func (s *Server) staffPublish(c *fiber.Ctx) error {
	_, err := s.Reg.PublishActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	return s.afterAction(c, c.Params("id"), "published", err)
}

// staffCancelActivity cancels with the reason, in each language given,
// from its confirmation page; everyone signed up is told. A refused
// reason shows that page again.
func (s *Server) staffCancelActivity(c *fiber.Ctx) error {
	req := models.CancelActivityRequest{Reason: models.Text{}}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if l, ok := strings.CutPrefix(string(k), "reason."); ok && models.IsLanguageCode(l) && len(v) > 0 {
			req.Reason[l] = string(v)
		}
	})
	_, err := s.Reg.CancelActivity(c.UserContext(), httpx.Actor(c), c.Params("id"), req)
	if status, ok := httpx.FormErrorStatus(err); ok && err != nil {
		return s.renderCancelActivity(c, status, c.Params("id"), err)
	}
	return s.afterAction(c, c.Params("id"), "cancelled", err)
}

// staffRepeat makes copies of the activity at later dates.
func (s *Server) staffRepeat(c *fiber.Ctx) error {
	n, err := strconv.Atoi(c.FormValue("count"))
	if err != nil {
		n = 0 // validation names the field
	}
	_, err = s.Reg.RepeatActivity(c.UserContext(), httpx.Actor(c), c.Params("id"),
		models.RepeatRequest{Frequency: c.FormValue("frequency"), Count: n, SeriesSignup: c.FormValue("series_signup") != ""})
	return s.afterAction(c, c.Params("id"), "repeated", err)
}

// staffDelete deletes a draft without signups and goes to the dashboard.
func (s *Server) staffDelete(c *fiber.Ctx) error {
	if err := s.Reg.DeleteActivity(c.UserContext(), httpx.Actor(c), c.Params("id")); err != nil {
		return s.afterAction(c, c.Params("id"), "", err)
	}
	return c.Redirect(staffPath+"/?done=deleted", fiber.StatusSeeOther)
}
