package notifications

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// CalendarContentType is the MIME type of an .ics attachment whose
// METHOD is method: mail clients read the method parameter, which must
// match the file's own.
func CalendarContentType(method ics.Method) string {
	return "text/calendar; charset=utf-8; method=" + string(method)
}

const icsLocal = "20060102T150405"

// CalendarUID is the UID of a signup's calendar entry: every file sent
// about the signup (confirmation, change, cancellation, the manage page's
// download) carries it, so that each updates the one entry in the
// attendee's calendar instead of adding another.
func CalendarUID(signupID, host string) string { return "signup-" + signupID + "@" + host }

// calendarCancels reports whether the file about e removes the entry: an
// email announcing a cancellation, or any file about a cancelled signup
// or activity.
func calendarCancels(e SignupEmail) bool {
	switch e.Kind {
	case KindCancelled, KindCancelledByStaff, KindActivityCancelled:
		return true
	}
	return e.Signup.Status == models.SignupCancelled || e.Activity.Status == models.StatusCancelled
}

// seated reports whether e is about a signup that holds seats: the
// emails that give them say so by their kind, since they are queued before
// the signup's status is written.
func seated(e SignupEmail) bool {
	switch e.Kind {
	case KindConfirmed, KindPromoted, KindReminder:
		return true
	}
	return models.SignupHoldsSeat(e.Signup.Status)
}

// SignupCalendar builds the .ics file of a signup: one event in the
// activity's time zone (TZID, with its VTIMEZONE), with the signup's
// CalendarUID and the activity's CalendarSequence, so that a later file
// replaces the entry. Confirmations and changes are PUBLISHed (Agora
// invites nobody to reply, so not REQUEST); a cancellation is a CANCEL
// with STATUS:CANCELLED. A waitlisted signup's entry is TENTATIVE. Lines
// end in CRLF, as RFC 5545 requires. The description starts with the time
// as the email writes it (When), so that the calendar entry reads like
// the page and the email. It returns the file and its METHOD.
func (r *Renderer) SignupCalendar(lang, host string, e SignupEmail, now time.Time) ([]byte, ics.Method, error) {
	zone := activityZone(e.Activity, e.Organisation)
	cancel := calendarCancels(e)
	method := ics.MethodPublish
	if cancel {
		method = ics.MethodCancel
	}
	cal := ics.NewCalendarFor("Agora")
	cal.SetMethod(method)
	cal.AddVTimezone(vtimezone(zone, r.catalog.Zone(zone), e.Activity.StartsAt, e.Activity.EndsAt))
	r.addSignupEvent(cal, lang, host, e, now)
	return []byte(cal.Serialize(ics.WithNewLineWindows)), method, nil
}

// addSignupEvent adds the event of e's signup to cal, whose VTIMEZONE of
// the activity's zone the caller adds: the signup's CalendarUID and the
// activity's CalendarSequence, CANCELLED when e cancels it, TENTATIVE
// while the signup holds no seats.
func (r *Renderer) addSignupEvent(cal *ics.Calendar, lang, host string, e SignupEmail, now time.Time) {
	zone := activityZone(e.Activity, e.Organisation)
	loc := r.catalog.Zone(zone)
	cancel := calendarCancels(e)
	status := ics.ObjectStatusConfirmed
	switch {
	case cancel:
		status = ics.ObjectStatusCancelled
	case !seated(e):
		status = ics.ObjectStatusTentative
	}
	ev := cal.AddEvent(CalendarUID(e.Signup.ID, host))
	ev.SetDtStampTime(now)
	ev.SetProperty(ics.ComponentPropertyDtStart, e.Activity.StartsAt.In(loc).Format(icsLocal), ics.WithTZID(zone))
	end := e.Activity.EndsAt
	if !end.After(e.Activity.StartsAt) {
		end = e.Activity.StartsAt.Add(time.Hour)
	}
	ev.SetProperty(ics.ComponentPropertyDtEnd, end.In(loc).Format(icsLocal), ics.WithTZID(zone))
	ev.SetSummary(oneLine(web.PickText(e.Activity.Title, lang, e.Organisation.DefaultLanguage)))
	ev.SetStatus(status)
	ev.SetSequence(e.Activity.CalendarSequence(cancel))
	var loc2 []string
	for _, s := range []string{e.Activity.Venue.Name, e.Activity.Venue.Address} {
		if s = oneLine(s); s != "" {
			loc2 = append(loc2, s)
		}
	}
	// Only confirmed attendees may see the online link.
	if e.Activity.Venue.OnlineURL != "" && !cancel && seated(e) {
		loc2 = append(loc2, oneLine(e.Activity.Venue.OnlineURL))
	}
	if len(loc2) > 0 {
		ev.SetLocation(strings.Join(loc2, ", "))
	}
	desc := r.When(lang, e)
	if d := web.PickText(e.Activity.Description, lang, e.Organisation.DefaultLanguage); d != "" {
		desc += "\n\n" + d
	}
	if e.ManageURL != "" {
		desc += "\n\n" + e.ManageURL
		ev.SetURL(e.ManageURL)
	}
	ev.SetDescription(desc)
}

// vtimezone describes zone's offsets around the event: every transition
// from a year before the start to a day after the end, each as a STANDARD or
// DAYLIGHT observance, or one observance when the zone has no transitions
// then. Go's tz database has the transitions; RFC 5545 asks for them.
func vtimezone(zone string, loc *time.Location, start, end time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(zone)
	from := start.AddDate(-1, 0, 0)
	if end.Before(start) {
		end = start
	}
	to := end.AddDate(0, 0, 1)
	_, prevOffset := from.In(loc).Zone()
	first := true
	for t := from; t.Before(to); t = t.Add(24 * time.Hour) {
		next := t.Add(24 * time.Hour)
		_, off := next.In(loc).Zone()
		if off == prevOffset {
			continue
		}
		// Narrow the change down to the second.
		lo, hi := t, next
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2)
			if _, o := mid.In(loc).Zone(); o == prevOffset {
				lo = mid
			} else {
				hi = mid
			}
		}
		addObservance(tz, hi.In(loc), prevOffset, off)
		prevOffset, first = off, false
	}
	if first {
		addObservance(tz, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), prevOffset, prevOffset)
	}
	return tz
}

// addObservance adds one observance starting at t (local wall time given
// in the offset before the change, as RFC 5545 wants).
func addObservance(tz *ics.VTimezone, t time.Time, fromOffset, toOffset int) {
	name, _ := t.Zone()
	base := ics.ComponentBase{}
	wall := t.UTC().Add(time.Duration(fromOffset) * time.Second)
	base.SetProperty(ics.ComponentPropertyDtStart, wall.Format(icsLocal))
	base.SetProperty(ics.ComponentProperty("TZOFFSETFROM"), icsOffset(fromOffset))
	base.SetProperty(ics.ComponentProperty("TZOFFSETTO"), icsOffset(toOffset))
	if name != "" {
		base.SetProperty(ics.ComponentProperty("TZNAME"), name)
	}
	if t.IsDST() {
		tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: base})
	} else {
		tz.Components = append(tz.Components, &ics.Standard{ComponentBase: base})
	}
}

func icsOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	return fmt.Sprintf("%s%02d%02d", sign, seconds/3600, seconds%3600/60)
}

// oneLine flattens text for iCalendar properties that should not wrap.
func oneLine(s string) string { return headerText(s) }
