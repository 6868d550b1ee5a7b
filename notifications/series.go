package notifications

import (
	"context"
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// Kinds of series emails: one email about a whole series signup, in place
// of one per date.
const (
	KindSeriesConfirmed = "series_confirmed" // signed up for the series: every date with its status
	KindSeriesCancelled = "series_cancelled" // receipt of leaving the whole series
)

// Statuses of a date of a series signup besides a signup's own: no signup
// was made on it, because it was full without a waiting list, or the
// person had signed up for that date alone before.
const (
	OccurrenceFull       = "full"
	OccurrenceRegistered = "already_registered"
	OccurrenceNone       = "none"
)

// SeriesOccurrence is one date of a series signup, as its email shows it.
type SeriesOccurrence struct {
	Activity models.Activity
	// Signup is the signup made on this date (nil: none).
	Signup *models.Signup
	// Status is the signup's status, or an Occurrence* status.
	Status           string
	WaitlistPosition int
}

// SeriesEmail asks for one email about a series signup: its confirmation
// (every date and its status, with one calendar file holding every date
// signed up for) or the receipt of leaving the series (whose calendar
// file removes the dates left).
type SeriesEmail struct {
	Kind         string
	SeriesSignup models.SeriesSignup
	Organisation models.Organisation
	Occurrences  []SeriesOccurrence
	// ManageURL is set by the Outbox (KindSeriesConfirmed carries a link
	// of its own).
	ManageURL string
}

// QueueSeriesEmail renders a series email in the person's language (else
// the organisation's, else English) and writes it to the outbox, once per
// series signup and kind. The outbox record's signup is the series
// signup, so that its link opens the series' manage page.
func (o *Outbox) QueueSeriesEmail(ctx context.Context, e SeriesEmail) error {
	if e.SeriesSignup.Email == "" || len(e.Occurrences) == 0 {
		return nil
	}
	lang := EmailLanguage(e.SeriesSignup.Language, e.Organisation.DefaultLanguage)
	linkHash := ""
	if e.Kind == KindSeriesConfirmed {
		e.ManageURL, linkHash = o.manageLink()
	}
	r, err := o.renderer.RenderSeries(lang, e)
	if err != nil {
		return err
	}
	doc := o.newEmail(e.Kind, lang, e.SeriesSignup.Email, e.SeriesSignup.Name, r)
	doc.LinkTokenHash = linkHash
	doc.DedupKey = SignupDedupKey(e.Kind, e.SeriesSignup.ID)
	doc.OrganisationID, doc.SignupID = e.SeriesSignup.OrganisationID, e.SeriesSignup.ID
	doc.ReplyTo = e.Organisation.Contact.Email
	if data, method, ok := o.renderer.SeriesCalendar(lang, o.host, e, o.now()); ok {
		doc.Attachments = []models.Attachment{{Filename: "series.ics", ContentType: CalendarContentType(method), Data: data}}
	}
	if _, err := o.insertMany(ctx, []models.OutboxEmail{doc}); err != nil {
		return fmt.Errorf("notifications: queue %s email: %w", e.Kind, err)
	}
	return nil
}

// occurrenceEmail is the signup email that the date's own emails would
// be, for its calendar event and its When.
func (e SeriesEmail) occurrenceEmail(oc SeriesOccurrence) SignupEmail {
	se := SignupEmail{Kind: KindWaitlisted, Activity: oc.Activity, Organisation: e.Organisation}
	if oc.Signup != nil {
		se.Signup = *oc.Signup
	}
	switch {
	case e.Kind == KindSeriesCancelled:
		se.Kind = KindCancelled
	case models.SignupHoldsSeat(oc.Status):
		se.Kind = KindConfirmed
	}
	return se
}

// SeriesCalendar builds one .ics file with an event per date that has a
// signup: each with the UID and SEQUENCE that date's own calendar files
// use (CalendarUID of its signup), so that a later change or cancellation
// of one date updates its entry. A confirmation PUBLISHes them (dates on
// the waiting list TENTATIVE); a receipt of leaving CANCELs them. ok is
// false when no date has a signup.
func (r *Renderer) SeriesCalendar(lang, host string, e SeriesEmail, now time.Time) (data []byte, method ics.Method, ok bool) {
	method = ics.MethodPublish
	if e.Kind == KindSeriesCancelled {
		method = ics.MethodCancel
	}
	cal := ics.NewCalendarFor("Agora")
	cal.SetMethod(method)
	type span struct{ from, to time.Time }
	zones, order := map[string]*span{}, []string{}
	var events []SignupEmail
	for _, oc := range e.Occurrences {
		if oc.Signup == nil {
			continue
		}
		events = append(events, e.occurrenceEmail(oc))
		zone := activityZone(oc.Activity, e.Organisation)
		sp := zones[zone]
		if sp == nil {
			sp = &span{oc.Activity.StartsAt, oc.Activity.EndsAt}
			zones[zone], order = sp, append(order, zone)
		}
		if oc.Activity.StartsAt.Before(sp.from) {
			sp.from = oc.Activity.StartsAt
		}
		if oc.Activity.EndsAt.After(sp.to) {
			sp.to = oc.Activity.EndsAt
		}
	}
	if len(events) == 0 {
		return nil, method, false
	}
	for _, zone := range order {
		cal.AddVTimezone(vtimezone(zone, r.catalog.Zone(zone), zones[zone].from, zones[zone].to))
	}
	for _, se := range events {
		r.addSignupEvent(cal, lang, host, se, now)
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows)), method, true
}

// seriesDate is one line of a series email: when, and the status there.
type seriesDate struct {
	When   string
	Status string
}

// RenderSeries renders a series email in lang.
func (r *Renderer) RenderSeries(lang string, e SeriesEmail) (Rendered, error) {
	if len(e.Occurrences) == 0 {
		return Rendered{}, fmt.Errorf("notifications: a %q email without dates", e.Kind)
	}
	first := e.Occurrences[0].Activity
	title := web.PickText(first.Title, lang, e.Organisation.DefaultLanguage)
	d := &emailData{Lang: lang, Name: e.SeriesSignup.Name, Title: title, Organisation: e.Organisation.Name,
		Venue: first.Venue, ManageURL: e.ManageURL}
	d.Venue.OnlineURL = ""
	d.Accessibility, _ = web.PickFlex(first.Venue.Accessibility, lang, e.Organisation.DefaultLanguage)
	switch e.Kind {
	case KindSeriesConfirmed:
		if e.SeriesSignup.PartySize > 0 {
			d.Party = r.catalog.Number(lang, e.SeriesSignup.PartySize)
		}
	case KindSeriesCancelled:
		d.ManageURL = ""
	default:
		return Rendered{}, fmt.Errorf("notifications: unknown series email kind %q", e.Kind)
	}
	for _, oc := range e.Occurrences {
		d.Dates = append(d.Dates, seriesDate{When: r.When(lang, e.occurrenceEmail(oc)),
			Status: r.OccurrenceStatus(lang, oc.Status, oc.WaitlistPosition)})
	}
	d.Subject = headerText(r.catalog.T(lang, "email."+e.Kind+".subject", map[string]any{"Title": title}))
	d.setFooter(r.catalog, lang, "email.footer.signup", map[string]any{"Title": title, "Organisation": e.Organisation.Name})
	return r.render(e.Kind, d)
}

// OccurrenceStatus is the status of one date of a series signup in lang,
// as emails and pages write it: a cancelled date reads as skipped.
func (r *Renderer) OccurrenceStatus(lang, status string, position int) string {
	return r.catalog.OccurrenceStatus(lang, status, position)
}
