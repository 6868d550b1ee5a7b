package httpx

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// The signup form is shared by the public activity page, the attendee's
// own edit page and the console's "Add attendee" form, so that the three
// read, check and show the same fields the same way.

// SignupForm is the signup form as it was typed, kept as text so that an
// error shows it back unchanged.
type SignupForm struct {
	Name, Email, Phone, Party, Language string
	Consent                             bool
	Answers                             map[string]string // by question id
}

// ReadSignupForm reads the posted form; answers are read only for the
// activity's questions.
func ReadSignupForm(c *fiber.Ctx, qs []models.Question) SignupForm {
	f := SignupForm{Name: c.FormValue("name"), Email: c.FormValue("email"), Phone: c.FormValue("phone"),
		Party: c.FormValue("party_size"), Language: c.FormValue("language"),
		Consent: c.FormValue("consent") != "", Answers: map[string]string{}}
	for _, q := range qs {
		if v := c.FormValue("q." + q.ID); v != "" {
			f.Answers[q.ID] = v
		}
	}
	return f
}

// Input converts the form into the signup use case's input. A party size
// that is not a number is sent as -1, so that validation names it.
func (f SignupForm) Input(qs []models.Question) registration.SignupInput {
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

// SignupFields builds the controls of an activity's signup form, filled
// with what was typed. byStaff builds the console's form for adding an
// attendee: the email is optional (not everyone has one), required
// questions may be skipped, and there is no consent box (staff record
// consent themselves).
func (s *Server) SignupFields(c *fiber.Ctx, a *registration.ActivityView, f SignupForm, fallback string, byStaff bool) []Field {
	lang := Lang(c)
	t := func(key string) string { return s.T(c, key, nil) }
	fields := []Field{
		{ID: "f-name", Name: "name", Path: "name", Type: "text", Label: t("signup.name"), Required: true,
			Value: f.Name, Autocomplete: "name", MaxLength: 200},
		{ID: "f-email", Name: "email", Path: "email", Type: "email", Label: t("signup.email"), Required: !byStaff,
			Value: f.Email, Autocomplete: "email", MaxLength: 254, Hint: t("signup.email_hint")},
		{ID: "f-phone", Name: "phone", Path: "phone", Type: "tel", Label: t("signup.phone"),
			Value: f.Phone, Autocomplete: "tel", MaxLength: 40, Hint: t("signup.phone_hint")},
	}
	if maxParty := max(a.MaxPartySize, 1); maxParty > 1 {
		party := Field{ID: "f-party", Name: "party_size", Path: "party_size", Type: "select",
			Label: t("signup.party_size"), Required: true,
			Hint: s.Catalog.Plural(lang, "signup.party_hint", maxParty, nil)}
		for n := 1; n <= maxParty; n++ {
			v := strconv.Itoa(n)
			party.Options = append(party.Options, Option{Value: v, Label: v, Selected: v == f.Party})
		}
		fields = append(fields, party)
	}
	mailLang := Field{ID: "f-language", Name: "language", Path: "language", Type: "select",
		Label: t("signup.language"), Required: true}
	chosen := f.Language
	if chosen == "" {
		chosen = lang
	}
	for _, l := range models.Languages() {
		mailLang.Options = append(mailLang.Options, Option{Value: l, Label: web.NativeName(l), Lang: l, Selected: l == chosen})
	}
	fields = append(fields, mailLang)
	for i, q := range a.Questions {
		label := Pick(q.Label, lang, fallback)
		fv := Field{ID: "f-q-" + strconv.Itoa(i), Name: "q." + q.ID, Path: "answers." + q.ID,
			Label: label.Text, LabelLang: label.Lang, Required: q.Required && !byStaff, Value: f.Answers[q.ID]}
		switch q.Type {
		case models.QuestionChoice:
			fv.Type = "radio"
			// The value is the option's id; its label is in the
			// reader's language (web.Pick's order).
			for _, o := range q.Options {
				shown := OptionLabel(o, lang, fallback)
				opt := Option{Value: o.ID, Label: shown.Text, Selected: o.ID == fv.Value}
				if shown.Lang != lang {
					opt.Lang = shown.Lang
				}
				fv.Options = append(fv.Options, opt)
			}
		case models.QuestionBoolean:
			fv.Type = "radio"
			fv.Options = []Option{{Value: "yes", Label: t("form.yes"), Selected: fv.Value == "yes"},
				{Value: "no", Label: t("form.no"), Selected: fv.Value == "no"}}
		default:
			fv.Type, fv.MaxLength = "text", 2000
		}
		if label.Lang == lang {
			fv.LabelLang = ""
		}
		fields = append(fields, fv)
	}
	if byStaff {
		// Staff type someone else's details: their browser's own are no help.
		for i := range fields[:3] {
			fields[i].Autocomplete = "off"
		}
		fields[1].Hint = t("staff.walkin_email_hint")
		return fields
	}
	consent := Field{ID: "f-consent", Name: "consent", Path: "consent", Type: "checkbox",
		Label: t("signup.consent"), Required: true}
	if f.Consent {
		consent.Value = "yes"
	}
	return append(fields, consent)
}

// SignupSentences are the form's own messages for the signup fields: the
// API's terse "is required" reads badly next to a label, so a form says
// what to do ("Enter your name").
var SignupSentences = map[string]string{
	"name": "form.err_name", "email": "form.err_email", "phone": "form.err_phone",
	"party_size": "form.err_party", "language": "form.err_language", "consent": "form.err_consent",
}
