package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

type questionSummary struct {
	Label    ltext
	Type     string
	Required bool
	Options  []string
}

type messageSummary struct {
	ID         string
	Subject    ltext
	Recipients int
	CreatedAt  time.Time
}

type staffActivityPage struct {
	layout
	Notice                 string
	A                      staffActivityView
	CSRF                   string
	Questions              []questionSummary
	Messages               []messageSummary
	Draft, Cancelled       bool
	Cancel, Repeat         formView
	Errors                 []errorLink
	PublicURL, StatusLabel string
}

// staffActivity shows an activity to its staff, with what they can do
// with it: edit, publish, cancel, repeat, delete, see the attendees,
// write to them.
func (s *Server) staffActivity(c *fiber.Ctx) error {
	v, err := s.reg.StaffActivity(c.UserContext(), actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderStaffActivity(c, fiber.StatusOK, v, nil)
}

func (s *Server) renderStaffActivity(c *fiber.Ctx, status int, a *registration.ActivityView, formErr error) error {
	ctx, lang := c.UserContext(), Lang(c)
	v, err := s.staffView(c, orgCache{}, a)
	if err != nil {
		return err
	}
	p := staffActivityPage{layout: s.staffLayout(c, v.Title.Text, "dashboard"), Notice: s.notice(c), A: v,
		CSRF: s.csrfToken(c), Draft: a.Status == models.StatusDraft, Cancelled: a.Status == models.StatusCancelled,
		PublicURL: "/activities/" + a.ID, StatusLabel: s.t(c, "staff.status_"+a.Status, nil)}
	for _, q := range a.Questions {
		p.Questions = append(p.Questions, questionSummary{Label: pick(q.Label, lang, v.Title.Lang), Type: q.Type,
			Required: q.Required, Options: q.Options})
	}
	if !p.Draft {
		msgs, err := s.reg.ActivityMessages(ctx, actor(c), a.ID)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			p.Messages = append(p.Messages, messageSummary{ID: m.ID, Subject: pick(m.Subject, lang, ""),
				Recipients: m.Recipients, CreatedAt: m.CreatedAt})
		}
	}
	base := staffPath + "/activities/" + a.ID
	p.Cancel = formView{Action: base + "/cancel", Submit: s.t(c, "staff.cancel_submit", nil)}
	for _, l := range textLanguages(a.Title) {
		p.Cancel.Fields = append(p.Cancel.Fields, fieldView{ID: "f-reason-" + l, Name: "reason." + l,
			path: "reason." + l, Type: "textarea", MaxLength: 2000, LabelLang: "",
			Label: s.t(c, "staff.cancel_reason", map[string]any{"Lang": web.NativeName(l)})})
	}
	p.Repeat = formView{Action: base + "/repeat", Submit: s.t(c, "staff.repeat_submit", nil), Fields: []fieldView{
		{ID: "f-frequency", Name: "frequency", path: "frequency", Type: "select", Label: s.t(c, "staff.frequency", nil),
			Required: true, Options: []option{
				{Value: models.RepeatWeekly, Label: s.t(c, "staff.weekly", nil), Selected: true},
				{Value: models.RepeatDaily, Label: s.t(c, "staff.daily", nil)},
				{Value: models.RepeatMonthly, Label: s.t(c, "staff.monthly", nil)}}},
		{ID: "f-count", Name: "count", path: "count", Type: "number", Label: s.t(c, "staff.repeat_count", nil),
			Hint: s.t(c, "staff.repeat_count_hint", map[string]any{"Max": models.MaxRepeat}), Required: true, Value: "4"},
	}}
	fields := append(ptrs(p.Cancel.Fields), ptrs(p.Repeat.Fields)...)
	errs, shown, err := s.formErrors(c, fields, formErr, true)
	if err != nil {
		return err
	}
	p.Errors, p.HasErrors = errs, shown
	return s.render(c, status, "staff_activity", p)
}

// afterAction answers an action on an activity: back to its page with a
// notice, or the page again with the error when it is one to show.
func (s *Server) afterAction(c *fiber.Ctx, id, done string, err error) error {
	if err == nil {
		return c.Redirect(staffPath+"/activities/"+id+"?done="+done, fiber.StatusSeeOther)
	}
	status, ok := formErrorStatus(err)
	if !ok {
		return err
	}
	v, verr := s.reg.StaffActivity(c.UserContext(), actor(c), id)
	if verr != nil {
		return verr
	}
	return s.renderStaffActivity(c, status, v, err)
}

// staffPublish opens a draft for signups.
func (s *Server) staffPublish(c *fiber.Ctx) error {
	_, err := s.reg.PublishActivity(c.UserContext(), actor(c), c.Params("id"))
	return s.afterAction(c, c.Params("id"), "published", err)
}

// staffCancelActivity cancels with the reason, in each language given;
// everyone signed up is told.
func (s *Server) staffCancelActivity(c *fiber.Ctx) error {
	req := models.CancelActivityRequest{Reason: models.Text{}}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if l, ok := strings.CutPrefix(string(k), "reason."); ok && models.IsLanguageCode(l) && len(v) > 0 {
			req.Reason[l] = string(v)
		}
	})
	_, err := s.reg.CancelActivity(c.UserContext(), actor(c), c.Params("id"), req)
	return s.afterAction(c, c.Params("id"), "cancelled", err)
}

// staffRepeat makes copies of the activity at later dates.
func (s *Server) staffRepeat(c *fiber.Ctx) error {
	n, err := strconv.Atoi(c.FormValue("count"))
	if err != nil {
		n = 0 // validation names the field
	}
	_, err = s.reg.RepeatActivity(c.UserContext(), actor(c), c.Params("id"),
		models.RepeatRequest{Frequency: c.FormValue("frequency"), Count: n})
	return s.afterAction(c, c.Params("id"), "repeated", err)
}

// staffDelete deletes a draft without signups and goes to the dashboard.
func (s *Server) staffDelete(c *fiber.Ctx) error {
	if err := s.reg.DeleteActivity(c.UserContext(), actor(c), c.Params("id")); err != nil {
		return s.afterAction(c, c.Params("id"), "", err)
	}
	return c.Redirect(staffPath+"/?done=deleted", fiber.StatusSeeOther)
}
