package console

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

type textRowView struct {
	Index              int
	Lang, Title, Desc  httpx.Field
	Removable          bool
	Legend, RemoveText string
}

type questionRowView struct {
	Index                  int
	ID                     string
	Type, Required, Option httpx.Field
	Labels                 []httpx.Field
	Legend, RemoveText     string
}

// activityFormPage is the activity form as the template draws it.
type activityFormPage struct {
	httpx.Layout
	Action, CSRF, ActivityID string
	Editing                  bool
	Org                      *httpx.Field
	Kind, Languages          httpx.Field
	Texts                    []textRowView
	When, Window             []httpx.Field
	Venue, Places            []httpx.Field
	Questions                []questionRowView
	CanAddText, CanAddQ      bool
	Errors                   []httpx.ErrorLink
	// ChangeNotice says, on the form of a published activity with people
	// signed up, how many an edit of its time or place emails.
	ChangeNotice string
}

// fields lists every control of the form, in the order shown.
func (p *activityFormPage) fields() []*httpx.Field {
	var out []*httpx.Field
	if p.Org != nil {
		out = append(out, p.Org)
	}
	out = append(out, &p.Kind)
	for i := range p.Texts {
		out = append(out, &p.Texts[i].Lang, &p.Texts[i].Title, &p.Texts[i].Desc)
	}
	out = append(out, &p.Languages)
	for _, group := range [][]httpx.Field{p.When, p.Window, p.Venue, p.Places} {
		out = append(out, httpx.Ptrs(group)...)
	}
	for i := range p.Questions {
		q := &p.Questions[i]
		out = append(out, &q.Type)
		out = append(out, httpx.Ptrs(q.Labels)...)
		out = append(out, &q.Option, &q.Required)
	}
	return out
}

// activityFormView builds the form's controls, filled with f.
func (s *Server) activityFormView(c *fiber.Ctx, f *activityForm, orgs []httpx.Option) activityFormPage {
	t := func(key string) string { return s.T(c, key, nil) }
	p := activityFormPage{CSRF: s.csrfToken(c), CanAddText: len(f.Texts) < maxTextRows,
		CanAddQ: len(f.Questions) < maxQuestionRows}
	if orgs != nil {
		org := httpx.Field{ID: "f-org", Name: "organisation_id", Path: "organisation_id", Type: "select",
			Label: t("staff.organisation"), Required: true, Options: []httpx.Option{{Label: t("staff.choose")}}}
		for _, o := range orgs {
			o.Selected = o.Value == f.Organisation
			org.Options = append(org.Options, o)
		}
		p.Org = &org
	}
	p.Kind = httpx.Field{ID: "f-kind", Name: "kind", Path: "kind", Type: "select", Label: t("staff.kind"),
		Required: true, Options: []httpx.Option{{Label: t("staff.choose")}}}
	for _, k := range models.Kinds() {
		p.Kind.Options = append(p.Kind.Options, httpx.Option{Value: k, Label: t("kind." + k), Selected: k == f.Kind})
	}
	var langs []string
	for i, row := range f.Texts {
		n := strconv.Itoa(i)
		v := textRowView{Index: i, Removable: len(f.Texts) > 1,
			Legend:     s.T(c, "staff.text_row", map[string]any{"N": i + 1}),
			RemoveText: s.T(c, "staff.remove_text", map[string]any{"N": i + 1}),
			Lang: httpx.Field{ID: "t-" + n + "-lang", Name: "t." + n + ".lang", Path: "t." + n + ".lang", Type: "select",
				Label: t("staff.text_lang"), Required: true, Options: languageOptions(row.Lang, t("staff.choose"))},
			Title: httpx.Field{ID: "t-" + n + "-title", Name: "t." + n + ".title", Path: "title." + row.Lang, Type: "text",
				Label: t("staff.title"), Required: true, Value: row.Title, MaxLength: 200},
			Desc: httpx.Field{ID: "t-" + n + "-desc", Name: "t." + n + ".description", Path: "description." + row.Lang,
				Type: "textarea", Label: t("staff.description"), Value: row.Description, MaxLength: 20000},
		}
		if row.Lang == "" {
			v.Title.Path, v.Desc.Path = "", ""
		} else if !slices.Contains(langs, row.Lang) {
			langs = append(langs, row.Lang)
		}
		p.Texts = append(p.Texts, v)
	}
	p.Languages = httpx.Field{ID: "f-languages", Name: "languages", Path: "languages", Type: "checkboxes",
		Label: t("staff.languages"), Hint: t("staff.languages_hint")}
	for _, l := range web.SpokenLanguages() {
		p.Languages.Options = append(p.Languages.Options, httpx.Option{Value: l, Label: web.NativeName(l), Lang: l,
			Selected: slices.Contains(f.Languages, l)})
	}
	dt := func(id, name, label, hint, value string, required bool) httpx.Field {
		return httpx.Field{ID: id, Name: name, Path: name, Type: "datetime-local", Label: t(label), Value: value,
			Required: required, Hint: hint}
	}
	p.When = []httpx.Field{
		dt("f-starts", "starts_at", "staff.starts_at", "", f.StartsAt, true),
		dt("f-ends", "ends_at", "staff.ends_at", "", f.EndsAt, true),
		s.timezoneField(c, f.Timezone),
	}
	p.Window = []httpx.Field{
		dt("f-opens", "registration_opens_at", "staff.opens_at", t("staff.opens_hint"), f.OpensAt, false),
		dt("f-closes", "registration_closes_at", "staff.closes_at", t("staff.closes_hint"), f.ClosesAt, false),
		dt("f-draw", "draw_at", "staff.draw_at", t("staff.draw_at_hint"), f.DrawAt, false),
	}
	p.Venue = []httpx.Field{
		{ID: "f-venue", Name: "venue_name", Path: "venue.name", Type: "text", Label: t("staff.venue"), Value: f.VenueName, MaxLength: 200},
		{ID: "f-address", Name: "venue_address", Path: "venue.address", Type: "text", Label: t("staff.address"), Value: f.Address, MaxLength: 500},
		{ID: "f-access", Name: "venue_accessibility", Path: "venue.accessibility", Type: "textarea", Label: t("staff.accessibility"),
			Hint: t("staff.accessibility_hint"), Value: f.Accessibility, MaxLength: 2000},
		{ID: "f-online", Name: "venue_online_url", Path: "venue.online_url", Type: "url", Label: t("staff.online_url"),
			Hint: t("staff.online_url_hint"), Value: f.OnlineURL, MaxLength: 2000},
	}
	waitlist := httpx.Field{ID: "f-waitlist", Name: "waitlist", Path: "waitlist", Type: "checkbox", Label: t("staff.waitlist")}
	if f.Waitlist {
		waitlist.Value = "yes"
	}
	p.Places = []httpx.Field{
		{ID: "f-capacity", Name: "capacity", Path: "capacity", Type: "number", Label: t("staff.capacity"), Required: true, Value: f.Capacity},
		{ID: "f-party", Name: "max_party_size", Path: "max_party_size", Type: "number", Label: t("staff.max_party"),
			Hint: t("staff.max_party_hint"), Value: f.MaxParty},
		waitlist,
	}
	mode := httpx.Field{ID: "f-waitlist-mode", Name: "waitlist_mode", Path: "waitlist_mode", Type: "select",
		Label: t("staff.waitlist_mode"), Hint: t("staff.waitlist_mode_hint")}
	for _, m := range []string{models.WaitlistAuto, models.WaitlistOffer} {
		mode.Options = append(mode.Options, httpx.Option{Value: m, Label: t("staff.waitlist_mode_" + m),
			Selected: m == f.WaitlistMode || (f.WaitlistMode == "" && m == models.WaitlistAuto)})
	}
	p.Places = append(p.Places, mode,
		httpx.Field{ID: "f-offer-hours", Name: "offer_hours", Path: "offer_hours", Type: "text", Label: t("staff.offer_hours"),
			Hint: t("staff.offer_hours_hint"), Value: f.OfferHours, MaxLength: 10},
		httpx.Field{ID: "f-offer-cutoff", Name: "offer_cutoff_hours", Path: "offer_cutoff_hours", Type: "text",
			Label: t("staff.offer_cutoff_hours"), Hint: t("staff.offer_cutoff_hours_hint"), Value: f.OfferCutoff, MaxLength: 10})
	for i, q := range f.Questions {
		p.Questions = append(p.Questions, s.questionRowView(c, f, i, q, langs))
	}
	return p
}

func (s *Server) questionRowView(c *fiber.Ctx, f *activityForm, i int, q questionRow, langs []string) questionRowView {
	t := func(key string) string { return s.T(c, key, nil) }
	n, api := strconv.Itoa(i), "questions[-]"
	if k := slices.Index(f.sent, i); k >= 0 {
		api = "questions[" + strconv.Itoa(k) + "]"
	}
	v := questionRowView{Index: i, ID: q.ID, Legend: s.T(c, "staff.question_row", map[string]any{"N": i + 1}),
		RemoveText: s.T(c, "staff.remove_question", map[string]any{"N": i + 1}),
		Type: httpx.Field{ID: "q-" + n + "-type", Name: "q." + n + ".type", Path: api + ".type", Type: "select",
			Label: t("staff.q_type"), Required: true},
		Option: httpx.Field{ID: "q-" + n + "-options", Name: "q." + n + ".options", Path: api + ".options", Type: "textarea",
			Label: t("staff.q_options"), Hint: t("staff.q_options_hint"), Value: q.Options},
		Required: httpx.Field{ID: "q-" + n + "-required", Name: "q." + n + ".required", Type: "checkbox", Label: t("staff.q_required")},
	}
	for _, typ := range []string{models.QuestionText, models.QuestionChoice, models.QuestionBoolean} {
		v.Type.Options = append(v.Type.Options, httpx.Option{Value: typ, Label: t("staff.q_type_" + typ), Selected: typ == q.Type})
	}
	if q.Required {
		v.Required.Value = "yes"
	}
	for _, l := range langs {
		v.Labels = append(v.Labels, httpx.Field{ID: "q-" + n + "-label-" + l, Name: "q." + n + ".label." + l,
			Path: api + ".label." + l, Type: "text", Value: q.Labels[l], MaxLength: 300,
			Label: s.T(c, "staff.q_label", map[string]any{"Lang": web.NativeName(l)})})
	}
	return v
}

// timezoneField is the time zone of a form, chosen from web.TimeZones
// with value selected; without a value the librarian must choose.
func (s *Server) timezoneField(c *fiber.Ctx, value string) httpx.Field {
	f := httpx.Field{ID: "f-tz", Name: "timezone", Path: "timezone", Type: "select",
		Label: s.T(c, "staff.timezone", nil), Required: true}
	zones := web.TimeZones(value, time.Now())
	if !slices.ContainsFunc(zones, func(z web.TimeZone) bool { return z.ID == value }) {
		f.Options = append(f.Options, httpx.Option{Label: s.T(c, "staff.choose", nil)})
	}
	for _, z := range zones {
		f.Options = append(f.Options, httpx.Option{Value: z.ID, Label: z.Label, Selected: z.ID == value})
	}
	return f
}

// languageOptions are the languages a text may be written in.
func languageOptions(selected, choose string) []httpx.Option {
	opts := []httpx.Option{{Label: choose}}
	for _, l := range web.SpokenLanguages() {
		opts = append(opts, httpx.Option{Value: l, Label: web.NativeName(l), Lang: l, Selected: l == selected})
	}
	return opts
}

var listIndex = regexp.MustCompile(`\[\d+\]$`)

// remapErrors moves the errors of paths no control shows onto the
// nearest control: "title" onto the first title, "languages[2]" onto the
// languages, "questions[0].options[1]" onto the options, a question's
// id onto its first control, a missing reason onto the first reason.
func remapErrors(err error, fields []*httpx.Field) error {
	var app *models.Error
	if !errors.As(err, &app) || len(app.Fields) == 0 {
		return err
	}
	has := map[string]bool{}
	first := map[string]string{} // a path prefix → the first control under it
	for _, f := range fields {
		has[f.Path] = true
		for i := range len(f.Path) {
			if f.Path[i] == '.' && first[f.Path[:i]] == "" {
				first[f.Path[:i]] = f.Path
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

// formErrors gives each field its aria-describedby and, when formErr is
// one a form shows, puts it on the fields (remapped to the controls that
// show it, with remap) and returns the error summary with shown true. Any
// other error comes back as err, unchanged, for the ErrorHandler.
func (s *Server) formErrors(c *fiber.Ctx, fields []*httpx.Field, formErr error, remap bool) (summary []httpx.ErrorLink, shown bool, err error) {
	httpx.Describe(fields)
	if _, ok := httpx.FormErrorStatus(formErr); !ok {
		return nil, false, formErr
	}
	toShow := formErr
	if remap {
		toShow = remapErrors(formErr, fields)
	}
	summary, _ = s.FormErrors(c, fields, toShow, staffWording(fields))
	return summary, true, nil
}

// staffSentences are the console's own sentences for the fields a
// librarian most often gets wrong, as the public pages have theirs:
// one sentence says what to do, whatever rule failed.
var staffSentences = map[string]string{
	"kind": "staff.err_kind", "capacity": "staff.err_capacity", "max_party_size": "staff.err_max_party",
	"timezone": "staff.err_timezone", "venue.online_url": "staff.err_online_url",
}

// staffWording is the wording of a console form's errors: the sentences
// of the fields it shows (a title in any language has one).
func staffWording(fields []*httpx.Field) httpx.Wording {
	w := httpx.Wording{Sentences: map[string]string{}}
	for _, f := range fields {
		if key, ok := staffSentences[f.Path]; ok {
			w.Sentences[f.Path] = key
		} else if strings.HasPrefix(f.Path, "title.") {
			w.Sentences[f.Path] = "staff.err_title"
		}
	}
	return w
}
