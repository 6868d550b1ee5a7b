package notifications

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// KindMessage is an organiser's message to the people signed up.
const KindMessage = "message"

// Kinds lists every email kind; each has a text and an HTML template.
var Kinds = []string{KindConfirmed, KindWaitlisted, KindPromoted, KindCancelled,
	KindActivityCancelled, KindReminder, KindMessage}

// Renderer turns an email's data into its subject, text and HTML in one
// language. Every email template (the signup kinds, organisers' messages
// and staff invitations) is parsed in NewRenderer, and nowhere else, once
// at start-up: a broken template stops the service instead of an email.
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
// with its translation function bound. The program calls it once, while
// it starts (app's wiring), next to web.NewPages for the pages.
func NewRenderer(catalog *web.Catalog) (*Renderer, error) {
	r := &Renderer{catalog: catalog, html: map[string]*htmltemplate.Template{}, text: map[string]*texttemplate.Template{}}
	for _, lang := range models.Languages() {
		tr := r.translator(lang)
		for _, kind := range append([]string{KindInvitation}, Kinds...) {
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
	d.Dir, d.Align = direction(d.Lang)
	var hb, tb bytes.Buffer
	if err := h.ExecuteTemplate(&hb, "layout", d); err != nil {
		return Rendered{}, fmt.Errorf("notifications: render %s html: %w", kind, err)
	}
	if err := r.text[kind+"/"+d.Lang].ExecuteTemplate(&tb, "layout", d); err != nil {
		return Rendered{}, fmt.Errorf("notifications: render %s text: %w", kind, err)
	}
	return Rendered{Subject: d.Subject, Text: tidyText(tb.String()), HTML: hb.String()}, nil
}

// direction is the writing direction of lang and the text alignment that
// goes with it, for email clients that ignore dir.
func direction(lang string) (dir, align string) {
	if web.IsRTL(lang) {
		return "rtl", "right"
	}
	return "ltr", "left"
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
	title := web.PickText(e.Activity.Title, lang, e.Organisation.DefaultLanguage)
	d := &emailData{
		Lang:         lang,
		Name:         e.Signup.Name,
		Title:        title,
		Organisation: e.Organisation.Name,
		When:         r.When(lang, e),
		Venue:        e.Activity.Venue,
		ManageURL:    e.ManageURL,
	}
	if e.WaitlistPosition > 0 {
		d.Position = r.catalog.Number(lang, e.WaitlistPosition)
	}
	d.Venue.OnlineURL = ""
	switch e.Kind {
	case KindConfirmed, KindPromoted, KindReminder:
		// Only confirmed attendees may see the online link.
		d.OnlineURL = e.Activity.Venue.OnlineURL
		d.Party = r.partyOf(lang, e.Signup)
	case KindActivityCancelled:
		d.Reason = web.PickText(e.Activity.CancelReason, lang, e.Organisation.DefaultLanguage)
		d.ManageURL = ""
	case KindCancelled:
		d.ManageURL = ""
	case KindWaitlisted:
		d.Party = r.partyOf(lang, e.Signup)
	default:
		return Rendered{}, fmt.Errorf("notifications: unknown signup email kind %q", e.Kind)
	}
	d.Subject = headerText(r.catalog.T(lang, "email."+e.Kind+".subject", map[string]any{"Title": title}))
	d.Footer = r.catalog.T(lang, "email.footer.signup", map[string]any{"Title": title, "Organisation": e.Organisation.Name})
	return r.render(e.Kind, d)
}

// partyOf is the number of seats booked, for display ("" when unknown).
func (r *Renderer) partyOf(lang string, su models.Signup) string {
	if su.PartySize < 1 {
		return ""
	}
	return r.catalog.Number(lang, su.PartySize)
}

// When is when a signup's activity happens, in its own time zone, as web's
// one formatter writes it on the activity's page, followed by the zone's
// name: "Tuesday, 1 December 2026, 18:00–20:00 (Europe/Warsaw)". The email
// and its calendar file both show it.
func (r *Renderer) When(lang string, e SignupEmail) string {
	zone := activityZone(e.Activity, e.Organisation)
	return r.catalog.Span(lang, e.Activity.StartsAt, e.Activity.EndsAt, zone) + " (" + zone + ")"
}

// activityZone is the activity's time zone, else its organisation's, else
// UTC when neither is a zone Go knows.
func activityZone(a models.Activity, o models.Organisation) string {
	zone := a.Timezone
	if zone == "" {
		zone = o.Timezone
	}
	if _, err := time.LoadLocation(zone); err != nil || zone == "" {
		return "UTC"
	}
	return zone
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
