package handlers

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

type textRowView struct {
	Index              int
	Lang, Title, Desc  fieldView
	Removable          bool
	Legend, RemoveText string
}

type questionRowView struct {
	Index                  int
	ID                     string
	Type, Required, Option fieldView
	Labels                 []fieldView
	Legend, RemoveText     string
}

// activityFormPage is the activity form as the template draws it.
type activityFormPage struct {
	layout
	Action, CSRF, ActivityID string
	Editing                  bool
	Org                      *fieldView
	Kind, Languages          fieldView
	Texts                    []textRowView
	When, Window             []fieldView
	Venue, Places            []fieldView
	Questions                []questionRowView
	CanAddText, CanAddQ      bool
	Errors                   []errorLink
}

// fields lists every control of the form, in the order shown.
func (p *activityFormPage) fields() []*fieldView {
	var out []*fieldView
	if p.Org != nil {
		out = append(out, p.Org)
	}
	out = append(out, &p.Kind)
	for i := range p.Texts {
		out = append(out, &p.Texts[i].Lang, &p.Texts[i].Title, &p.Texts[i].Desc)
	}
	out = append(out, &p.Languages)
	for _, group := range [][]fieldView{p.When, p.Window, p.Venue, p.Places} {
		out = append(out, ptrs(group)...)
	}
	for i := range p.Questions {
		q := &p.Questions[i]
		out = append(out, &q.Type)
		out = append(out, ptrs(q.Labels)...)
		out = append(out, &q.Option, &q.Required)
	}
	return out
}

// activityFormView builds the form's controls, filled with f.
func (s *Server) activityFormView(c *fiber.Ctx, f *activityForm, orgs []option) activityFormPage {
	t := func(key string) string { return s.t(c, key, nil) }
	p := activityFormPage{CSRF: s.csrfToken(c), CanAddText: len(f.Texts) < maxTextRows,
		CanAddQ: len(f.Questions) < maxQuestionRows}
	if orgs != nil {
		org := fieldView{ID: "f-org", Name: "organisation_id", path: "organisation_id", Type: "select",
			Label: t("staff.organisation"), Required: true, Options: []option{{Label: t("staff.choose")}}}
		for _, o := range orgs {
			o.Selected = o.Value == f.Organisation
			org.Options = append(org.Options, o)
		}
		p.Org = &org
	}
	p.Kind = fieldView{ID: "f-kind", Name: "kind", path: "kind", Type: "select", Label: t("staff.kind"),
		Required: true, Options: []option{{Label: t("staff.choose")}}}
	for _, k := range models.Kinds() {
		p.Kind.Options = append(p.Kind.Options, option{Value: k, Label: t("kind." + k), Selected: k == f.Kind})
	}
	var langs []string
	for i, row := range f.Texts {
		n := strconv.Itoa(i)
		v := textRowView{Index: i, Removable: len(f.Texts) > 1,
			Legend:     s.t(c, "staff.text_row", map[string]any{"N": i + 1}),
			RemoveText: s.t(c, "staff.remove_text", map[string]any{"N": i + 1}),
			Lang: fieldView{ID: "t-" + n + "-lang", Name: "t." + n + ".lang", path: "t." + n + ".lang", Type: "select",
				Label: t("staff.text_lang"), Required: true, Options: languageOptions(row.Lang, t("staff.choose"))},
			Title: fieldView{ID: "t-" + n + "-title", Name: "t." + n + ".title", path: "title." + row.Lang, Type: "text",
				Label: t("staff.title"), Required: true, Value: row.Title, MaxLength: 200},
			Desc: fieldView{ID: "t-" + n + "-desc", Name: "t." + n + ".description", path: "description." + row.Lang,
				Type: "textarea", Label: t("staff.description"), Value: row.Description, MaxLength: 20000},
		}
		if row.Lang == "" {
			v.Title.path, v.Desc.path = "", ""
		} else if !slices.Contains(langs, row.Lang) {
			langs = append(langs, row.Lang)
		}
		p.Texts = append(p.Texts, v)
	}
	p.Languages = fieldView{ID: "f-languages", Name: "languages", path: "languages", Type: "checkboxes",
		Label: t("staff.languages"), Hint: t("staff.languages_hint")}
	for _, l := range web.SpokenLanguages() {
		p.Languages.Options = append(p.Languages.Options, option{Value: l, Label: web.NativeName(l), Lang: l,
			Selected: slices.Contains(f.Languages, l)})
	}
	dt := func(id, name, label, hint, value string, required bool) fieldView {
		return fieldView{ID: id, Name: name, path: name, Type: "datetime-local", Label: t(label), Value: value,
			Required: required, Hint: hint}
	}
	p.When = []fieldView{
		dt("f-starts", "starts_at", "staff.starts_at", "", f.StartsAt, true),
		dt("f-ends", "ends_at", "staff.ends_at", "", f.EndsAt, true),
		{ID: "f-tz", Name: "timezone", path: "timezone", Type: "text", Label: t("staff.timezone"),
			Hint: t("staff.timezone_hint"), Required: true, Value: f.Timezone, MaxLength: 64},
	}
	p.Window = []fieldView{
		dt("f-opens", "registration_opens_at", "staff.opens_at", t("staff.opens_hint"), f.OpensAt, false),
		dt("f-closes", "registration_closes_at", "staff.closes_at", t("staff.closes_hint"), f.ClosesAt, false),
	}
	p.Venue = []fieldView{
		{ID: "f-venue", Name: "venue_name", path: "venue.name", Type: "text", Label: t("staff.venue"), Value: f.VenueName, MaxLength: 200},
		{ID: "f-address", Name: "venue_address", path: "venue.address", Type: "text", Label: t("staff.address"), Value: f.Address, MaxLength: 500},
		{ID: "f-access", Name: "venue_accessibility", path: "venue.accessibility", Type: "textarea", Label: t("staff.accessibility"),
			Hint: t("staff.accessibility_hint"), Value: f.Accessibility, MaxLength: 2000},
		{ID: "f-online", Name: "venue_online_url", path: "venue.online_url", Type: "url", Label: t("staff.online_url"),
			Hint: t("staff.online_url_hint"), Value: f.OnlineURL, MaxLength: 2000},
	}
	waitlist := fieldView{ID: "f-waitlist", Name: "waitlist", path: "waitlist", Type: "checkbox", Label: t("staff.waitlist")}
	if f.Waitlist {
		waitlist.Value = "yes"
	}
	p.Places = []fieldView{
		{ID: "f-capacity", Name: "capacity", path: "capacity", Type: "number", Label: t("staff.capacity"), Required: true, Value: f.Capacity},
		{ID: "f-party", Name: "max_party_size", path: "max_party_size", Type: "number", Label: t("staff.max_party"),
			Hint: t("staff.max_party_hint"), Value: f.MaxParty},
		waitlist,
	}
	for i, q := range f.Questions {
		p.Questions = append(p.Questions, s.questionRowView(c, f, i, q, langs))
	}
	return p
}

func (s *Server) questionRowView(c *fiber.Ctx, f *activityForm, i int, q questionRow, langs []string) questionRowView {
	t := func(key string) string { return s.t(c, key, nil) }
	n, api := strconv.Itoa(i), "questions[-]"
	if k := slices.Index(f.sent, i); k >= 0 {
		api = "questions[" + strconv.Itoa(k) + "]"
	}
	v := questionRowView{Index: i, ID: q.ID, Legend: s.t(c, "staff.question_row", map[string]any{"N": i + 1}),
		RemoveText: s.t(c, "staff.remove_question", map[string]any{"N": i + 1}),
		Type: fieldView{ID: "q-" + n + "-type", Name: "q." + n + ".type", path: api + ".type", Type: "select",
			Label: t("staff.q_type"), Required: true},
		Option: fieldView{ID: "q-" + n + "-options", Name: "q." + n + ".options", path: api + ".options", Type: "textarea",
			Label: t("staff.q_options"), Hint: t("staff.q_options_hint"), Value: q.Options},
		Required: fieldView{ID: "q-" + n + "-required", Name: "q." + n + ".required", Type: "checkbox", Label: t("staff.q_required")},
	}
	for _, typ := range []string{models.QuestionText, models.QuestionChoice, models.QuestionBoolean} {
		v.Type.Options = append(v.Type.Options, option{Value: typ, Label: t("staff.q_type_" + typ), Selected: typ == q.Type})
	}
	if q.Required {
		v.Required.Value = "yes"
	}
	for _, l := range langs {
		v.Labels = append(v.Labels, fieldView{ID: "q-" + n + "-label-" + l, Name: "q." + n + ".label." + l,
			path: api + ".label." + l, Type: "text", Value: q.Labels[l], MaxLength: 300,
			Label: s.t(c, "staff.q_label", map[string]any{"Lang": web.NativeName(l)})})
	}
	return v
}

// languageOptions are the languages a text may be written in.
func languageOptions(selected, choose string) []option {
	opts := []option{{Label: choose}}
	for _, l := range web.SpokenLanguages() {
		opts = append(opts, option{Value: l, Label: web.NativeName(l), Lang: l, Selected: l == selected})
	}
	return opts
}

var listIndex = regexp.MustCompile(`\[\d+\]$`)

// remapErrors moves the errors of paths no control shows onto the
// nearest control: "title" onto the first title, "languages[2]" onto the
// languages, "questions[0].options[1]" onto the options, a question's
// id onto its first control, a missing reason onto the first reason.
func remapErrors(err error, fields []*fieldView) error {
	var app *models.Error
	if !errors.As(err, &app) || len(app.Fields) == 0 {
		return err
	}
	has := map[string]bool{}
	first := map[string]string{} // a path prefix → the first control under it
	for _, f := range fields {
		has[f.path] = true
		for i := range len(f.path) {
			if f.path[i] == '.' && first[f.path[:i]] == "" {
				first[f.path[:i]] = f.path
			}
		}
	}
	out := &models.Error{Code: app.Code, Detail: app.Detail, Fields: map[string]models.FieldError{}}
	for path, fe := range app.Fields {
		target := path
		bare := listIndex.ReplaceAllString(path, "")
		switch {
		case has[path]:
		case has[bare]:
			target = bare
		case first[path] != "":
			target = first[path]
		case strings.Contains(path, "."):
			parent := path[:strings.LastIndex(path, ".")]
			if has[parent] {
				target = parent
			} else if first[parent] != "" {
				target = first[parent]
			}
		}
		if _, taken := out.Fields[target]; !taken {
			out.Fields[target] = fe
		}
	}
	return out
}
