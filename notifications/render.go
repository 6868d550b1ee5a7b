package notifications

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strings"
	texttemplate "text/template"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// KindMessage is an organiser's message to the people signed up.
const KindMessage = "message"

// kinds lists every email kind; each has a text and an HTML template.
// Unexported so that no caller can change which templates are parsed.
var kinds = []string{KindConfirmed, KindWaitlisted, KindPromoted, KindCancelled,
	KindActivityCancelled, KindReminder, KindMessage}

// Kinds returns every email kind as a fresh slice.
func Kinds() []string { return slices.Clone(kinds) }

// Renderer turns an email's data into its subject, text and HTML in one
// language. Templates are parsed once, at start-up, so a broken template
// stops the service instead of an email.
type Renderer struct {
	catalog *web.Catalog
	html    map[string]*htmltemplate.Template
	text    map[string]*texttemplate.Template
}

// Rendered is one email's content.
type Rendered struct {
	Subject string
	Text    string
	HTML    string
}

// emailData is what templates see. Strings are plain text: html/template
// escapes them; BodyHTML alone is trusted, being made by the Markdown
// renderer with raw HTML disabled.
type emailData struct {
	Lang, Dir, Align string
	Subject          string
	Name             string
	Title            string
	Organisation     string
	When             string
	Venue            models.Venue
	OnlineURL        string
	ManageURL        string
	Party            string // seats booked, in the language's digits
	Position         string // place on the waiting list, likewise
	Reason           string
	Body             string
	BodyHTML         htmltemplate.HTML
	Footer           string
}

// NewRenderer parses every template of web.Emails, once per language
// with its translation function bound.
func NewRenderer(catalog *web.Catalog) (*Renderer, error) {
	r := &Renderer{catalog: catalog, html: map[string]*htmltemplate.Template{}, text: map[string]*texttemplate.Template{}}
	for _, lang := range models.Languages {
		tr := r.translator(lang)
		for _, kind := range kinds {
			h, err := htmltemplate.New(kind).Funcs(htmltemplate.FuncMap{"t": tr}).
				ParseFS(web.Emails, "emails/html/layout.tmpl", "emails/html/"+kind+".tmpl")
			if err != nil {
				return nil, fmt.Errorf("notifications: html template %s: %w", kind, err)
			}
			t, err := texttemplate.New(kind).Funcs(texttemplate.FuncMap{"t": tr}).
				ParseFS(web.Emails, "emails/text/layout.tmpl", "emails/text/"+kind+".tmpl")
			if err != nil {
				return nil, fmt.Errorf("notifications: text template %s: %w", kind, err)
			}
			r.html[kind+"/"+lang], r.text[kind+"/"+lang] = h, t
		}
	}
	return r, nil
}

// translator returns the templates' t function for lang: a key, then
// name, value pairs for its placeholders.
func (r *Renderer) translator(lang string) func(string, ...any) string {
	return func(key string, pairs ...any) string {
		var data map[string]any
		if len(pairs) > 0 {
			data = make(map[string]any, len(pairs)/2)
			for i := 0; i+1 < len(pairs); i += 2 {
				if k, ok := pairs[i].(string); ok {
					data[k] = pairs[i+1]
				}
			}
		}
		return r.catalog.T(lang, key, data)
	}
}

// render executes kind's templates with d, in d.Lang.
func (r *Renderer) render(kind string, d *emailData) (Rendered, error) {
	if !models.IsSupportedLanguage(d.Lang) {
		d.Lang = models.DefaultLanguage
	}
	h, ok := r.html[kind+"/"+d.Lang]
	if !ok {
		return Rendered{}, fmt.Errorf("notifications: no template for %q", kind)
	}
	d.Dir, d.Align = "ltr", "left"
	if models.IsRTL(d.Lang) {
		d.Dir, d.Align = "rtl", "right"
	}
	var hb, tb bytes.Buffer
	if err := h.ExecuteTemplate(&hb, "layout", d); err != nil {
		return Rendered{}, fmt.Errorf("notifications: render %s html: %w", kind, err)
	}
	if err := r.text[kind+"/"+d.Lang].ExecuteTemplate(&tb, "layout", d); err != nil {
		return Rendered{}, fmt.Errorf("notifications: render %s text: %w", kind, err)
	}
	return Rendered{Subject: d.Subject, Text: tidyText(tb.String()), HTML: hb.String()}, nil
}

// tidyText removes the blank-line runs that optional template sections
// leave behind.
func tidyText(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return strings.TrimLeft(s, "\n")
}

// EmailLanguage is the language of an email to a signup: the signup's
// language, else the organisation's default, else English.
func EmailLanguage(signupLang, orgDefault string) string {
	if models.IsSupportedLanguage(signupLang) {
		return signupLang
	}
	if models.IsSupportedLanguage(orgDefault) {
		return orgDefault
	}
	return models.DefaultLanguage
}

// RenderSignup renders a signup email in lang.
func (r *Renderer) RenderSignup(lang string, e SignupEmail) (Rendered, error) {
	title := e.Activity.Title.Pick(lang, e.Organisation.DefaultLanguage)
	d := &emailData{
		Lang:         lang,
		Name:         e.Signup.Name,
		Title:        title,
		Organisation: e.Organisation.Name,
		When:         FormatSpan(lang, e.Activity.StartsAt, e.Activity.EndsAt, activityZone(e.Activity, e.Organisation)),
		Venue:        e.Activity.Venue,
		ManageURL:    e.ManageURL,
	}
	if e.WaitlistPosition > 0 {
		d.Position = FormatNumber(lang, e.WaitlistPosition)
	}
	d.Venue.OnlineURL = ""
	switch e.Kind {
	case KindConfirmed, KindPromoted, KindReminder:
		// Only confirmed attendees may see the online link.
		d.OnlineURL = e.Activity.Venue.OnlineURL
		d.Party = partyOf(lang, e.Signup)
	case KindActivityCancelled:
		d.Reason = e.Activity.CancelReason.Pick(lang, e.Organisation.DefaultLanguage)
		d.ManageURL = ""
	case KindCancelled:
		d.ManageURL = ""
	case KindWaitlisted:
		d.Party = partyOf(lang, e.Signup)
	default:
		return Rendered{}, fmt.Errorf("notifications: unknown signup email kind %q", e.Kind)
	}
	d.Subject = headerText(r.catalog.T(lang, "email."+e.Kind+".subject", map[string]any{"Title": title}))
	d.Footer = r.catalog.T(lang, "email.footer.signup", map[string]any{"Title": title, "Organisation": e.Organisation.Name})
	return r.render(e.Kind, d)
}

// partyOf is the number of seats booked, for display ("" when unknown).
func partyOf(lang string, su models.Signup) string {
	if su.PartySize < 1 {
		return ""
	}
	return FormatNumber(lang, su.PartySize)
}

// activityZone is the activity's time zone, else its organisation's.
func activityZone(a models.Activity, o models.Organisation) string {
	if a.Timezone != "" {
		return a.Timezone
	}
	return o.Timezone
}

// headerText makes text safe for a header: control characters (CR and LF
// above all, which could start a new header) become spaces, runs of white
// space collapse, and the length is bounded.
func headerText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}
