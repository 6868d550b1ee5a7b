package handlers

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// fieldView is one control of a form as the "field" template draws it:
// its label, hint, what was typed, and its error tied to it.
type fieldView struct {
	ID, Name, Type    string // Type: text, email, tel, select, radio, checkbox
	Label, LabelLang  string
	Hint              string
	Required          bool
	Value             string
	Options           []option
	Autocomplete      string
	MaxLength         int
	Error             string
	DescribedBy       string // ids of the hint and the error
	path, summaryText string // the JSON path errors use; the summary's line
}

// errorLink is one line of the error summary, linking to its field.
type errorLink struct {
	Href, Text string
}

// formView is a form with its fields and its error summary.
type formView struct {
	Action string
	Fields []fieldView
	Errors []errorLink
	Notice string
	Submit string
}

// signupForm is the signup form as the attendee typed it, kept as text so
// that an error shows it back unchanged.
type signupForm struct {
	Name, Email, Phone, Party, Language string
	Consent                             bool
	Answers                             map[string]string // by question id
}

// readSignupForm reads the posted form; answers are read only for the
// activity's questions.
func readSignupForm(c *fiber.Ctx, qs []models.Question) signupForm {
	f := signupForm{Name: c.FormValue("name"), Email: c.FormValue("email"), Phone: c.FormValue("phone"),
		Party: c.FormValue("party_size"), Language: c.FormValue("language"),
		Consent: c.FormValue("consent") != "", Answers: map[string]string{}}
	for _, q := range qs {
		if v := c.FormValue("q." + q.ID); v != "" {
			f.Answers[q.ID] = v
		}
	}
	return f
}

// input converts the form into the signup use case's input. A party size
// that is not a number is sent as -1, so that validation names it.
func (f signupForm) input(qs []models.Question) registration.SignupInput {
	in := registration.SignupInput{Name: f.Name, Email: f.Email, Phone: f.Phone, PartySize: 1,
		Language: f.Language, Consent: f.Consent, Answers: map[string]any{}}
	if f.Party != "" {
		n, err := strconv.Atoi(f.Party)
		if err != nil {
			n = -1
		}
		in.PartySize = n
	}
	for _, q := range qs {
		v, ok := f.Answers[q.ID]
		if !ok {
			continue
		}
		switch {
		case q.Type == models.QuestionBoolean && v == "yes":
			in.Answers[q.ID] = true
		case q.Type == models.QuestionBoolean && v == "no":
			in.Answers[q.ID] = false
		default:
			in.Answers[q.ID] = v
		}
	}
	return in
}

// signupFields builds the controls of an activity's signup form, filled
// with what was typed.
func (s *Server) signupFields(c *fiber.Ctx, a *registration.ActivityView, f signupForm, fallback string) []fieldView {
	lang := Lang(c)
	t := func(key string) string { return s.t(c, key, nil) }
	fields := []fieldView{
		{ID: "f-name", Name: "name", path: "name", Type: "text", Label: t("signup.name"), Required: true,
			Value: f.Name, Autocomplete: "name", MaxLength: 200},
		{ID: "f-email", Name: "email", path: "email", Type: "email", Label: t("signup.email"), Required: true,
			Value: f.Email, Autocomplete: "email", MaxLength: 254, Hint: t("signup.email_hint")},
		{ID: "f-phone", Name: "phone", path: "phone", Type: "tel", Label: t("signup.phone"),
			Value: f.Phone, Autocomplete: "tel", MaxLength: 40, Hint: t("signup.phone_hint")},
	}
	if maxParty := max(a.MaxPartySize, 1); maxParty > 1 {
		party := fieldView{ID: "f-party", Name: "party_size", path: "party_size", Type: "select",
			Label: t("signup.party_size"), Required: true,
			Hint: s.catalog.Plural(lang, "signup.party_hint", maxParty, nil)}
		for n := 1; n <= maxParty; n++ {
			v := strconv.Itoa(n)
			party.Options = append(party.Options, option{Value: v, Label: v, Selected: v == f.Party})
		}
		fields = append(fields, party)
	}
	mailLang := fieldView{ID: "f-language", Name: "language", path: "language", Type: "select",
		Label: t("signup.language"), Required: true}
	chosen := f.Language
	if chosen == "" {
		chosen = lang
	}
	for _, l := range models.Languages() {
		mailLang.Options = append(mailLang.Options, option{Value: l, Label: web.NativeName(l), Lang: l, Selected: l == chosen})
	}
	fields = append(fields, mailLang)
	for i, q := range a.Questions {
		label := pick(q.Label, lang, fallback)
		fv := fieldView{ID: "f-q-" + strconv.Itoa(i), Name: "q." + q.ID, path: "answers." + q.ID,
			Label: label.Text, LabelLang: label.Lang, Required: q.Required, Value: f.Answers[q.ID]}
		switch q.Type {
		case models.QuestionChoice:
			fv.Type = "radio"
			for _, o := range q.Options {
				fv.Options = append(fv.Options, option{Value: o, Label: o, Selected: o == fv.Value})
			}
		case models.QuestionBoolean:
			fv.Type = "radio"
			fv.Options = []option{{Value: "yes", Label: t("form.yes"), Selected: fv.Value == "yes"},
				{Value: "no", Label: t("form.no"), Selected: fv.Value == "no"}}
		default:
			fv.Type, fv.MaxLength = "text", 2000
		}
		if label.Lang == lang {
			fv.LabelLang = ""
		}
		fields = append(fields, fv)
	}
	consent := fieldView{ID: "f-consent", Name: "consent", path: "consent", Type: "checkbox",
		Label: t("signup.consent"), Required: true}
	if f.Consent {
		consent.Value = "yes"
	}
	return append(fields, consent)
}

// fieldMessages are the form's own messages for the signup fields: the
// API's terse "is required" reads badly next to a label, so a form says
// what to do ("Enter your name").
var fieldMessages = map[string]string{
	"name": "form.err_name", "email": "form.err_email", "phone": "form.err_phone",
	"party_size": "form.err_party", "language": "form.err_language", "consent": "form.err_consent",
}

// fieldMessage translates the error of the field at path; choice says
// that the field is a set of options.
func (s *Server) fieldMessage(c *fiber.Ctx, path string, fe models.FieldError, maxParty int, choice bool) string {
	lang := Lang(c)
	param := map[string]any{"Param": fe.Param, "Max": maxParty}
	if fe.Key == "max_length" {
		return s.catalog.T(lang, "form.err_too_long", param)
	}
	if key, ok := fieldMessages[path]; ok {
		return s.catalog.T(lang, key, param)
	}
	if strings.HasPrefix(path, "answers.") {
		switch {
		case fe.Key == "required" && !choice:
			return s.catalog.T(lang, "form.err_answer", nil)
		case fe.Key == "required", fe.Key == "oneof", fe.Key == "boolean":
			return s.catalog.T(lang, "form.err_choice", nil)
		}
	}
	return s.catalog.FieldMessageWith(lang, fe, param)
}

// applyErrors ties the errors of err to the fields and builds the error
// summary, in the order of the fields; errors without a field (the
// activity is full, the rate limit) head the summary. It reports false
// when err is not one the form can show.
func (s *Server) applyErrors(c *fiber.Ctx, fields []fieldView, err error, maxParty int) ([]errorLink, bool) {
	var app *models.Error
	if !errors.As(err, &app) || app.Code == models.ErrInternal || app.Code == models.ErrNotFound {
		return nil, false
	}
	byPath := app.Fields
	if app.Code == models.ErrAlreadyRegistered {
		byPath = map[string]models.FieldError{"email": {Key: "already_registered"}}
	}
	var summary []errorLink
	if len(byPath) == 0 {
		summary = append(summary, errorLink{Text: s.t(c, "error."+app.Code, nil)})
	}
	shown := map[string]bool{}
	for i := range fields {
		fe, ok := byPath[fields[i].path]
		if !ok {
			continue
		}
		shown[fields[i].path] = true
		f := &fields[i]
		if app.Code == models.ErrAlreadyRegistered {
			f.Error = s.t(c, "error.already_registered", nil)
		} else {
			f.Error = s.fieldMessage(c, f.path, fe, maxParty, f.Type == "radio")
		}
		text := f.Error
		if f.Type == "radio" || strings.HasPrefix(f.path, "answers.") {
			text = s.t(c, "form.field_error", map[string]any{"Field": f.Label, "Message": f.Error})
		}
		summary = append(summary, errorLink{Href: "#" + f.ID, Text: text})
	}
	var rest []string
	for path := range byPath {
		if !shown[path] {
			rest = append(rest, path)
		}
	}
	sort.Strings(rest)
	for _, path := range rest {
		summary = append(summary, errorLink{Text: s.t(c, "form.field_error",
			map[string]any{"Field": path, "Message": s.fieldMessage(c, path, byPath[path], maxParty, false)})})
	}
	return summary, true
}

// describe sets each field's aria-describedby from its hint and error.
func describe(fields []fieldView) {
	for i := range fields {
		f := &fields[i]
		f.DescribedBy = ""
		if f.Hint != "" {
			f.DescribedBy = f.ID + "-hint"
		}
		if f.Error != "" {
			if f.DescribedBy != "" {
				f.DescribedBy += " "
			}
			f.DescribedBy += f.ID + "-error"
		}
	}
}
