package notifications

import (
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strings"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// KindMessage is an organiser's message to the people signed up.
const KindMessage = "message"

// kinds lists every email kind; each has a text and an HTML template.
// Unexported so that no caller can change which templates are parsed.
var kinds = []string{KindConfirmed, KindWaitlisted, KindPromoted, KindCancelled,
	KindActivityCancelled, KindReminder, KindMessage, KindManageLink, KindChanged, KindCancelledByStaff,
	KindSeriesConfirmed, KindSeriesCancelled,
	KindOffered, KindOfferExpired, KindPendingDraw}

// Kinds returns every email kind as a fresh slice.
func Kinds() []string { return slices.Clone(kinds) }

// Renderer turns an email's data into its subject, text and HTML in one
// language. Its templates are web's (parsed by web.NewEmails, the one
// place email templates are parsed); NewRenderer checks at start-up that
// every kind sent here has one.
type Renderer struct {
	catalog *web.Catalog
	emails  *web.Emails
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
	Accessibility    string // the venue's note, in the email's language
	OnlineURL        string
	ManageURL        string
	// CheckInURL is the check-in address, shown as text and as the QR
	// image of the email's inline part CheckInContentID (CheckInImg, a
	// trusted address: html/template would refuse the cid: scheme).
	CheckInURL string
	CheckInImg htmltemplate.URL // "cid:" + CheckInContentID
	Party      string           // seats booked, in the language's digits
	Position   string           // place on the waiting list, likewise
	Reason     string
	Body       string
	BodyHTML   htmltemplate.HTML
	Footer     string
	// FooterHTML is Footer with the names in it isolated (<bdi>), for
	// the HTML part; the text part shows Footer.
	FooterHTML htmltemplate.HTML
	Changes    []changeLine // what a KindChanged email announces
	Dates      []seriesDate // every date of a series email
	// OfferUntil is when an offered seat passes on, and AcceptURL and
	// DeclineURL the offer page with either answer chosen (KindOffered).
	OfferUntil            string
	AcceptURL, DeclineURL string
	// DrawAt is when the draw a KindPendingDraw email announces is made.
	DrawAt string
}

// NewRenderer parses the email templates (web.NewEmails) and checks that
// every kind has one. The program calls it once, while it starts (app's
// wiring), so that a broken or missing template stops start-up.
func NewRenderer(catalog *web.Catalog) (*Renderer, error) {
	emails, err := web.NewEmails(catalog)
	if err != nil {
		return nil, err
	}
	for _, kind := range append([]string{KindInvitation}, Kinds()...) {
		if !emails.Has(kind) {
			return nil, fmt.Errorf("notifications: no email template for %q", kind)
		}
	}
	return &Renderer{catalog: catalog, emails: emails}, nil
}

// render executes kind's templates with d, in d.Lang.
func (r *Renderer) render(kind string, d *emailData) (Rendered, error) {
	if !models.IsSupportedLanguage(d.Lang) {
		d.Lang = models.DefaultLanguage
	}
	d.Dir, d.Align = direction(d.Lang)
	html, text, err := r.emails.Render(kind, d.Lang, d)
	if err != nil {
		return Rendered{}, fmt.Errorf("notifications: %w", err)
	}
	return Rendered{Subject: d.Subject, Text: tidyText(text), HTML: html}, nil
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
	d.Accessibility, _ = web.PickFlex(e.Activity.Venue.Accessibility, lang, e.Organisation.DefaultLanguage)
	if e.WaitlistPosition > 0 {
		d.Position = r.catalog.Number(lang, e.WaitlistPosition)
	}
	d.Venue.OnlineURL = ""
	switch e.Kind {
	case KindConfirmed, KindPromoted, KindReminder:
		// Only confirmed attendees may see the online link.
		d.OnlineURL = e.Activity.Venue.OnlineURL
		d.Party = r.partyOf(lang, e.Signup)
		if CarriesCheckIn(e.Kind) {
			d.CheckInURL, d.CheckInImg = e.CheckInURL, htmltemplate.URL("cid:"+CheckInContentID)
		}
	case KindActivityCancelled:
		d.Reason = web.PickText(e.Activity.CancelReason, lang, e.Organisation.DefaultLanguage)
		d.ManageURL = ""
	case KindCancelled, KindCancelledByStaff:
		d.ManageURL = ""
	case KindChanged:
		if e.Old == nil {
			return Rendered{}, fmt.Errorf("notifications: a %q email without the old schedule", e.Kind)
		}
		if seated(e) {
			d.OnlineURL = e.Activity.Venue.OnlineURL
			d.Party = r.partyOf(lang, e.Signup)
		}
		d.Changes = r.changes(lang, e)
	case KindWaitlisted, KindManageLink:
		d.Party = r.partyOf(lang, e.Signup)
	case KindOffered:
		if e.Signup.OfferExpiresAt == nil {
			return Rendered{}, fmt.Errorf("notifications: an %q email without its expiry", e.Kind)
		}
		d.Party = r.partyOf(lang, e.Signup)
		zone := activityZone(e.Activity, e.Organisation)
		d.OfferUntil = r.catalog.DateTime(lang, *e.Signup.OfferExpiresAt, zone) + " (" + zone + ")"
		if e.ManageURL != "" {
			d.AcceptURL, d.DeclineURL = OfferURL(e.ManageURL, "accept"), OfferURL(e.ManageURL, "decline")
		}
	case KindOfferExpired:
		d.ManageURL = ""
	case KindPendingDraw:
		if e.Activity.DrawAt == nil {
			return Rendered{}, fmt.Errorf("notifications: a %q email without the draw's time", e.Kind)
		}
		d.Party = r.partyOf(lang, e.Signup)
		zone := activityZone(e.Activity, e.Organisation)
		d.DrawAt = r.catalog.DateTime(lang, *e.Activity.DrawAt, zone) + " (" + zone + ")"
	default:
		return Rendered{}, fmt.Errorf("notifications: unknown signup email kind %q", e.Kind)
	}
	d.Subject = headerText(r.catalog.T(lang, "email."+e.Kind+".subject", map[string]any{"Title": title}))
	d.setFooter(r.catalog, lang, "email.footer.signup", map[string]any{"Title": title, "Organisation": e.Organisation.Name})
	return r.render(e.Kind, d)
}

// setFooter sets the footer, as text and as HTML with its values
// isolated.
func (d *emailData) setFooter(c *web.Catalog, lang, key string, data map[string]any) {
	d.Footer, d.FooterHTML = c.T(lang, key, data), c.TIsolated(lang, key, data)
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

// OfferURL is the page of the offer made to the signup of a manage link,
// with one answer chosen ("accept" or "decline"): the page asks for the
// one click that answers (a link alone must change nothing, since mail
// scanners open links).
func OfferURL(manageURL, choice string) string {
	return manageURL + "/offer?choice=" + choice
}
