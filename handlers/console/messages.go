package console

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// messageForm is an organiser's message as typed: rows of language,
// subject and body, and the audience.
type messageForm struct {
	Rows     []messageRow
	Audience []string
	Format   string
}

type messageRow struct{ Lang, Subject, Body string }

type messageRowView struct {
	Index               int
	Lang, Subject, Body httpx.Field
	Removable           bool
	Legend, RemoveText  string
	PreviewLang, Dir    string
	// Rendered is the body as the emails will carry it (preview only).
	Rendered template.HTML
}

type messagePage struct {
	httpx.Layout
	A          staffActivityView
	CSRF       string
	Action     string
	Preview    bool
	Audience   httpx.Field
	Format     httpx.Field
	Rows       []messageRowView
	CanAdd     bool
	Recipients int
	Form       messageForm
	Errors     []httpx.ErrorLink
}

func readMessageForm(c *fiber.Ctx) messageForm {
	f := messageForm{Format: c.FormValue("format")}
	for i := range formInt(c, "text_rows", 1, maxTextRows) {
		p := "m." + strconv.Itoa(i) + "."
		f.Rows = append(f.Rows, messageRow{Lang: c.FormValue(p + "lang"), Subject: c.FormValue(p + "subject"),
			Body: c.FormValue(p + "body")})
	}
	for _, v := range c.Request().PostArgs().PeekMulti("audience") {
		if a := string(v); !slices.Contains(f.Audience, a) {
			f.Audience = append(f.Audience, a)
		}
	}
	return f
}

// input is the message use case's input; the rows' order is the order of
// the languages, the first being a recipient's last resort.
func (f *messageForm) input() registration.MessageInput {
	in := registration.MessageInput{Subject: models.Text{}, Body: models.Text{}, Audience: f.Audience, Format: f.Format}
	for _, r := range f.Rows {
		if r.Lang == "" && r.Subject == "" && r.Body == "" {
			continue
		}
		in.Subject[r.Lang], in.Body[r.Lang] = r.Subject, r.Body
		in.Languages = append(in.Languages, r.Lang)
	}
	return in
}

// complete reports what the form lacks before a preview makes sense: an
// audience, and a language, a subject and a body in every row. Sending
// checks everything else (registration's rules).
func (f *messageForm) complete() error {
	bad := map[string]models.FieldError{}
	if len(f.Audience) == 0 {
		bad["audience"] = models.FieldError{Key: "required"}
	}
	for _, r := range f.Rows {
		switch {
		case r.Lang == "":
			bad["subject."] = models.FieldError{Key: "required"}
		case strings.TrimSpace(r.Subject) == "":
			bad["subject."+r.Lang] = models.FieldError{Key: "required"}
		case strings.TrimSpace(r.Body) == "":
			bad["body."+r.Lang] = models.FieldError{Key: "required"}
		}
	}
	if len(bad) > 0 {
		return models.Invalid(bad)
	}
	return nil
}

// staffComposeMessage shows the message form, in the organisation's
// language to begin with, to the confirmed attendees.
func (s *Server) staffComposeMessage(c *fiber.Ctx) error {
	v, err := s.Reg.StaffActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	lang := httpx.Lang(c)
	if o, err := s.Reg.OrganisationByRef(c.UserContext(), v.OrganisationID); err == nil {
		lang = o.DefaultLanguage
	}
	f := messageForm{Rows: []messageRow{{Lang: lang}}, Audience: []string{models.SignupConfirmed}, Format: models.FormatText}
	return s.renderMessage(c, fiber.StatusOK, v, &f, false, nil)
}

// staffPostMessage adds or removes a language, shows the preview, goes
// back to editing, or sends.
func (s *Server) staffPostMessage(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), c.Params("id")
	v, err := s.Reg.StaffActivity(ctx, httpx.Actor(c), id)
	if err != nil {
		return err
	}
	f := readMessageForm(c)
	action := c.FormValue("action")
	what, index, _ := strings.Cut(action, ".")
	i, ierr := strconv.Atoi(index)
	switch {
	case what == "add_text" && len(f.Rows) < maxTextRows:
		f.Rows = append(f.Rows, messageRow{})
	case what == "remove_text" && ierr == nil && i >= 0 && i < len(f.Rows) && len(f.Rows) > 1:
		f.Rows = slices.Delete(f.Rows, i, i+1)
	case action == "preview":
		if err := f.complete(); err != nil {
			return s.renderMessage(c, fiber.StatusUnprocessableEntity, v, &f, false, err)
		}
		return s.renderMessage(c, fiber.StatusOK, v, &f, true, nil)
	case action == "send":
		m, err := s.Reg.SendMessage(ctx, httpx.Actor(c), id, f.input())
		if err == nil {
			return c.Redirect(staffPath+"/messages/"+m.ID+"?done=sent", fiber.StatusSeeOther)
		}
		status, ok := httpx.FormErrorStatus(err)
		if !ok {
			return err
		}
		return s.renderMessage(c, status, v, &f, false, err)
	}
	return s.renderMessage(c, fiber.StatusOK, v, &f, false, nil)
}

func (s *Server) renderMessage(c *fiber.Ctx, status int, a *registration.ActivityView, f *messageForm, preview bool, formErr error) error {
	t := func(key string) string { return s.T(c, key, nil) }
	v, err := s.staffView(c, httpx.OrgCache{}, a)
	if err != nil {
		return err
	}
	p := messagePage{Layout: s.staffLayout(c, t("staff.message_title")+": "+v.Title.Text, "dashboard"), A: v,
		CSRF: s.csrfToken(c), Action: staffPath + "/activities/" + a.ID + "/message", CanAdd: len(f.Rows) < maxTextRows,
		Form: *f, Preview: preview}
	p.Audience = httpx.Field{ID: "f-audience", Name: "audience", Path: "audience", Type: "checkboxes",
		Label: t("staff.audience"), Required: true}
	for _, st := range models.MessageAudiences() {
		p.Audience.Options = append(p.Audience.Options, httpx.Option{Value: st, Label: t("staff.status_" + st),
			Selected: slices.Contains(f.Audience, st)})
	}
	p.Format = httpx.Field{ID: "f-format", Name: "format", Path: "format", Type: "select", Label: t("staff.format"),
		Options: []httpx.Option{{Value: models.FormatText, Label: t("staff.format_text"), Selected: f.Format != models.FormatMarkdown},
			{Value: models.FormatMarkdown, Label: t("staff.format_markdown"), Selected: f.Format == models.FormatMarkdown}}}
	for i, r := range f.Rows {
		n := strconv.Itoa(i)
		rv := messageRowView{Index: i, Removable: len(f.Rows) > 1, PreviewLang: r.Lang, Dir: web.Dir(r.Lang),
			Legend:     s.T(c, "staff.text_row", map[string]any{"N": i + 1}),
			RemoveText: s.T(c, "staff.remove_text", map[string]any{"N": i + 1}),
			Lang: httpx.Field{ID: "m-" + n + "-lang", Name: "m." + n + ".lang", Type: "select", Label: t("staff.text_lang"),
				Required: true, Options: languageOptions(r.Lang, t("staff.choose"))},
			Subject: httpx.Field{ID: "m-" + n + "-subject", Name: "m." + n + ".subject", Path: "subject." + r.Lang, Type: "text",
				Label: t("staff.subject"), Required: true, Value: r.Subject, MaxLength: 200},
			Body: httpx.Field{ID: "m-" + n + "-body", Name: "m." + n + ".body", Path: "body." + r.Lang, Type: "textarea",
				Label: t("staff.body"), Required: true, Value: r.Body, MaxLength: 50000},
		}
		if r.Lang == "" {
			rv.Subject.Path, rv.Body.Path = "", ""
			rv.Lang.Path = "subject."
		}
		if preview {
			if rv.Rendered, err = s.bodies.HTML(f.Format, r.Body); err != nil {
				return err
			}
		}
		p.Rows = append(p.Rows, rv)
	}
	if preview {
		list, err := s.Reg.FindAttendees(c.UserContext(), httpx.Actor(c), a.ID, registration.AttendeeFilter{})
		if err != nil {
			return err
		}
		for _, st := range f.Audience {
			p.Recipients += list.Reachable[st] // as many as the message will be sent to
		}
	}
	fields := []*httpx.Field{&p.Audience}
	for i := range p.Rows {
		fields = append(fields, &p.Rows[i].Lang, &p.Rows[i].Subject, &p.Rows[i].Body)
	}
	fields = append(fields, &p.Format)
	errs, shown, err := s.formErrors(c, fields, formErr, true)
	if err != nil {
		return err
	}
	p.Errors, p.HasErrors = errs, shown
	return s.Render(c, status, "staff_message_form", p)
}

type messageStatusPage struct {
	httpx.Layout
	Notice     string
	M          registration.MessageWithStatus
	Subject    httpx.LText
	ActivityID string
	Audience   []string
}

// staffMessage shows how far a message's delivery has come.
func (s *Server) staffMessage(c *fiber.Ctx) error {
	m, err := s.Reg.MessageDetails(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	p := messageStatusPage{Layout: s.staffLayout(c, s.T(c, "staff.delivery_title", nil), "dashboard"),
		Notice: s.notice(c), M: *m, Subject: httpx.Pick(m.Message.Subject, httpx.Lang(c), ""),
		ActivityID: m.Message.ActivityID}
	for _, st := range m.Message.Audience {
		p.Audience = append(p.Audience, s.T(c, "staff.status_"+st, nil))
	}
	return s.Render(c, fiber.StatusOK, "staff_message", p)
}
