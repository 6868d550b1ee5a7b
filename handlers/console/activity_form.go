package console

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The activity form works without JavaScript: texts come in language
// rows and questions in rows, and buttons named "action" add or remove a
// row by posting the form, which comes back with what was typed and one
// row more or less. Only the save button creates or changes the activity.

const (
	maxTextRows     = 12
	maxQuestionRows = 30
	// localMinute is the format of <input type="datetime-local">.
	localMinute = "2006-01-02T15:04"
)

type textRow struct{ Lang, Title, Description string }

type questionRow struct {
	ID, Type, Options string
	Required          bool
	Labels            map[string]string // by language
}

// activityForm is the activity form as typed, kept as text so that an
// error shows it back unchanged.
type activityForm struct {
	Organisation, Kind                           string
	Texts                                        []textRow
	Languages                                    []string
	StartsAt, EndsAt, Timezone                   string
	VenueName, Address, Accessibility, OnlineURL string
	Capacity, MaxParty                           string
	Waitlist                                     bool
	WaitlistMode, OfferHours, OfferCutoff        string
	DrawAt                                       string
	OpensAt, ClosesAt                            string
	Questions                                    []questionRow
	// sent maps the questions of the last request to their rows: empty
	// rows are not sent, so error paths and rows may differ.
	sent []int
}

// formInt reads a row count, bounded.
func formInt(c *fiber.Ctx, name string, lo, hi int) int {
	n, err := strconv.Atoi(c.FormValue(name))
	if err != nil {
		return lo
	}
	return min(max(n, lo), hi)
}

// readActivityForm reads the posted form.
func readActivityForm(c *fiber.Ctx) activityForm {
	f := activityForm{Organisation: c.FormValue("organisation_id"), Kind: c.FormValue("kind"),
		StartsAt: c.FormValue("starts_at"), EndsAt: c.FormValue("ends_at"), Timezone: c.FormValue("timezone"),
		VenueName: c.FormValue("venue_name"), Address: c.FormValue("venue_address"),
		Accessibility: c.FormValue("venue_accessibility"), OnlineURL: c.FormValue("venue_online_url"),
		Capacity: c.FormValue("capacity"), MaxParty: c.FormValue("max_party_size"),
		Waitlist: c.FormValue("waitlist") != "", WaitlistMode: c.FormValue("waitlist_mode"),
		OfferHours: c.FormValue("offer_hours"), OfferCutoff: c.FormValue("offer_cutoff_hours"), DrawAt: c.FormValue("draw_at"),
		OpensAt:  c.FormValue("registration_opens_at"),
		ClosesAt: c.FormValue("registration_closes_at")}
	for i := range formInt(c, "text_rows", 1, maxTextRows) {
		p := "t." + strconv.Itoa(i) + "."
		f.Texts = append(f.Texts, textRow{Lang: c.FormValue(p + "lang"), Title: c.FormValue(p + "title"),
			Description: c.FormValue(p + "description")})
	}
	for _, v := range c.Request().PostArgs().PeekMulti("languages") {
		if l := string(v); models.IsLanguageCode(l) && !slices.Contains(f.Languages, l) {
			f.Languages = append(f.Languages, l)
		}
	}
	for i := range formInt(c, "question_rows", 0, maxQuestionRows) {
		p := "q." + strconv.Itoa(i) + "."
		q := questionRow{ID: c.FormValue(p + "id"), Type: c.FormValue(p + "type"), Options: c.FormValue(p + "options"),
			Required: c.FormValue(p+"required") != "", Labels: map[string]string{}}
		for _, t := range f.Texts {
			if t.Lang != "" {
				q.Labels[t.Lang] = c.FormValue(p + "label." + t.Lang)
			}
		}
		f.Questions = append(f.Questions, q)
	}
	return f
}

// applyAction adds or removes a row as the button pressed asks; it
// reports false for the save button.
func (f *activityForm) applyAction(action string) bool {
	what, index, _ := strings.Cut(action, ".")
	i, err := strconv.Atoi(index)
	switch {
	case what == "add_text" && len(f.Texts) < maxTextRows:
		f.Texts = append(f.Texts, textRow{})
	case what == "remove_text" && err == nil && i >= 0 && i < len(f.Texts) && len(f.Texts) > 1:
		f.Texts = slices.Delete(f.Texts, i, i+1)
	case what == "add_question" && len(f.Questions) < maxQuestionRows:
		f.Questions = append(f.Questions, questionRow{ID: f.newQuestionID(), Type: models.QuestionText,
			Labels: map[string]string{}})
	case what == "remove_question" && err == nil && i >= 0 && i < len(f.Questions):
		f.Questions = slices.Delete(f.Questions, i, i+1)
	case what == "add_text" || what == "remove_text" || what == "add_question" || what == "remove_question":
	default:
		return false
	}
	return true
}

// newQuestionID names a new question: the answers and the CSV columns
// are keyed by it, so it never changes once saved.
func (f *activityForm) newQuestionID() string {
	for n := len(f.Questions) + 1; ; n++ {
		id := "q" + strconv.Itoa(n)
		if !slices.ContainsFunc(f.Questions, func(q questionRow) bool { return q.ID == id }) {
			return id
		}
	}
}

// formHours writes hours as the form shows them: "24", "1.5".
func formHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// newActivityForm is an empty form with the organisation's defaults.
func newActivityForm(o *models.Organisation) activityForm {
	f := activityForm{Texts: []textRow{{Lang: o.DefaultLanguage}}, Timezone: o.Timezone, MaxParty: "1",
		Waitlist: true, Organisation: o.ID, WaitlistMode: models.WaitlistAuto,
		OfferHours: formHours(models.DefaultOfferHours), OfferCutoff: formHours(models.DefaultOfferCutoffHours)}
	if f.Texts[0].Lang == "" {
		f.Texts[0].Lang = models.DefaultLanguage
	}
	return f
}

// activityFormOf is the form of an existing activity.
func activityFormOf(a *registration.ActivityView) activityForm {
	loc := zone(a.Timezone)
	local := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(loc).Format(localMinute)
	}
	f := activityForm{Organisation: a.OrganisationID, Kind: a.Kind, Languages: a.Languages,
		StartsAt: local(&a.StartsAt), EndsAt: local(&a.EndsAt), Timezone: a.Timezone,
		VenueName: a.Venue.Name, Address: a.Venue.Address, Accessibility: formAccessibility(a.Venue.Accessibility),
		OnlineURL: a.Venue.OnlineURL, Capacity: strconv.Itoa(a.Capacity), MaxParty: strconv.Itoa(a.MaxPartySize),
		Waitlist: a.Waitlist, OpensAt: local(a.RegistrationOpensAt), ClosesAt: local(a.RegistrationClosesAt),
		WaitlistMode: a.WaitlistMode, OfferHours: formHours(a.OfferHours), OfferCutoff: formHours(a.OfferCutoffHours),
		DrawAt: local(a.DrawAt)}
	for _, l := range textLanguages(a.Title, a.Description) {
		f.Texts = append(f.Texts, textRow{Lang: l, Title: a.Title[l], Description: a.Description[l]})
	}
	for _, q := range a.Questions {
		f.Questions = append(f.Questions, questionRow{ID: q.ID, Type: q.Type, Required: q.Required,
			Options: strings.Join(q.OptionIDs(), "\n"), Labels: q.Label})
	}
	return f
}

// textLanguages are the languages of texts, in alphabetical order.
func textLanguages(texts ...models.Text) []string {
	var out []string
	for _, t := range texts {
		for l := range t {
			if !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	sort.Strings(out)
	return out
}

func zone(tz string) *time.Location {
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" {
		return loc
	}
	return time.UTC
}

// request turns the form into the API's activity request. Values the
// form itself cannot read (a malformed time or number, a text row
// without a language) are validation errors of their own, keyed by the
// form's paths; the use case checks everything else.
func (f *activityForm) request(create bool) (*models.ActivityRequest, error) {
	bad := map[string]models.FieldError{}
	req := &models.ActivityRequest{Kind: &f.Kind}
	if create && f.Organisation != "" {
		req.OrganisationID = &f.Organisation
	}
	title, desc := models.Text{}, models.Text{}
	for i, t := range f.Texts {
		if t.Lang == "" && t.Title == "" && t.Description == "" {
			continue
		}
		path := fmt.Sprintf("t.%d.lang", i)
		if _, dup := title[t.Lang]; dup {
			bad[path] = models.FieldError{Key: "unique"}
		} else if !models.IsLanguageCode(t.Lang) {
			bad[path] = models.FieldError{Key: "required"}
		}
		title[t.Lang] = t.Title
		if strings.TrimSpace(t.Description) != "" {
			desc[t.Lang] = t.Description
		}
	}
	req.Title, req.Description = &title, &desc
	langs := append([]string{}, f.Languages...)
	req.Languages = &langs
	loc := zone(f.Timezone)
	at := func(path, v string, nullable bool) models.NullableTime {
		if v == "" {
			return models.NullableTime{Set: nullable || !create}
		}
		t, err := time.ParseInLocation(localMinute, v, loc)
		if err != nil {
			bad[path] = models.FieldError{Key: "datetime"}
			return models.NullableTime{}
		}
		return models.NullableTime{Set: true, Time: &t}
	}
	req.StartsAt, req.EndsAt = at("starts_at", f.StartsAt, false), at("ends_at", f.EndsAt, false)
	req.RegistrationOpensAt = at("registration_opens_at", f.OpensAt, true)
	req.RegistrationClosesAt = at("registration_closes_at", f.ClosesAt, true)
	req.DrawAt = at("draw_at", f.DrawAt, true)
	req.Timezone = &f.Timezone
	access := models.PlainText(f.Accessibility)
	req.Venue = &models.VenuePatch{Name: &f.VenueName, Address: &f.Address, Accessibility: &access,
		OnlineURL: &f.OnlineURL}
	number := func(path, v string) *int {
		if v == "" {
			if !create {
				bad[path] = models.FieldError{Key: "required"}
			}
			return nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			bad[path] = models.FieldError{Key: "type"}
			return nil
		}
		return &n
	}
	req.Capacity, req.MaxPartySize = number("capacity", f.Capacity), number("max_party_size", f.MaxParty)
	req.Waitlist = &f.Waitlist
	if f.WaitlistMode != "" {
		req.WaitlistMode = &f.WaitlistMode
	}
	hoursOf := func(path, v string) *float64 {
		if strings.TrimSpace(v) == "" {
			return nil // unchanged, or the default
		}
		h, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(v, ",", ".")), 64)
		if err != nil || math.IsNaN(h) || math.IsInf(h, 0) {
			bad[path] = models.FieldError{Key: "type"}
			return nil
		}
		return &h
	}
	req.OfferHours, req.OfferCutoffHours = hoursOf("offer_hours", f.OfferHours), hoursOf("offer_cutoff_hours", f.OfferCutoff)
	qs := []models.Question{}
	f.sent = f.sent[:0]
	for i, row := range f.Questions {
		q := models.Question{ID: row.ID, Type: row.Type, Required: row.Required, Label: models.Text{}}
		for l, v := range row.Labels {
			if strings.TrimSpace(v) != "" {
				q.Label[l] = v
			}
		}
		if row.Type == models.QuestionChoice {
			for _, o := range strings.Split(row.Options, "\n") {
				if o = strings.TrimSpace(o); o != "" {
					q.Options = append(q.Options, models.Option{ID: o})
				}
			}
		}
		if len(q.Label) == 0 && len(q.Options) == 0 && !q.Required {
			continue // an empty row, as added
		}
		qs = append(qs, q)
		f.sent = append(f.sent, i)
	}
	req.Questions = &qs
	if len(bad) > 0 {
		return nil, models.Invalid(bad)
	}
	return req, nil
}
