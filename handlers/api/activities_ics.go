package api

import (
	"net/url"
	"strings"

	ics "github.com/arran4/golang-ical"
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// calendarContentType is the answer's type for the .ics endpoints.
const calendarContentType = "text/calendar; charset=utf-8"

// activitiesCalendar is the iCalendar feed of the list (same filters, no
// pages), for calendar apps to subscribe to.
func (s *Server) activitiesCalendar(c *fiber.Ctx) error {
	f, err := httpx.ActivityFilter(c)
	if err != nil {
		return err
	}
	views, err := s.Reg.CalendarActivities(c.UserContext(), httpx.Actor(c), f)
	if err != nil {
		return err
	}
	return s.sendCalendar(c, views)
}

// activityCalendar is one activity as an .ics file.
func (s *Server) activityCalendar(c *fiber.Ctx) error {
	v, err := s.Reg.GetActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="activity-`+v.ID+`.ics"`)
	return s.sendCalendar(c, []registration.ActivityView{*v})
}

func (s *Server) sendCalendar(c *fiber.Ctx, views []registration.ActivityView) error {
	cal := ics.NewCalendarFor("Agora")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName("Agora")
	lang := httpx.Lang(c)
	// Texts fall back as on pages and in emails (web.Pick): the reader's
	// language, then the organisation's default. A feed names few
	// organisations, each looked up once.
	orgs := httpx.OrgCache{}
	for i := range views {
		a := &views[i].Activity
		o, err := s.Organisation(c.UserContext(), orgs, a.OrganisationID)
		if err != nil {
			return err
		}
		orgDefault := ""
		if o != nil {
			orgDefault = o.DefaultLanguage
		}
		s.addCalendarEvent(cal, a, lang, orgDefault)
	}
	c.Set(fiber.HeaderContentType, calendarContentType)
	// RFC 5545 lines end in CRLF; the library's default is the host's.
	return c.SendString(cal.Serialize(ics.WithNewLineWindows))
}

// addCalendarEvent adds one activity as a VEVENT. Times are in UTC, which
// every calendar reads without a VTIMEZONE; the UID is the activity's, so
// a subscribed calendar updates the same entry when the activity changes.
// The library escapes text and folds lines at 75 octets.
func (s *Server) addCalendarEvent(cal *ics.Calendar, a *models.Activity, lang, orgDefault string) {
	page := s.Config.BaseURL + "/activities/" + url.PathEscape(a.ID)
	ev := cal.AddEvent("activity-" + a.ID + "@" + s.calendarHost())
	ev.SetDtStampTime(a.UpdatedAt)
	ev.SetModifiedAt(a.UpdatedAt)
	ev.SetStartAt(a.StartsAt)
	ev.SetEndAt(a.EndsAt)
	ev.SetSummary(calendarText(web.PickText(a.Title, lang, orgDefault)))
	desc := calendarText(web.PickText(a.Description, lang, orgDefault))
	if desc != "" {
		desc += "\n\n"
	}
	ev.SetDescription(desc + page)
	var where []string
	for _, p := range []string{a.Venue.Name, a.Venue.Address} {
		if p = strings.TrimSpace(calendarText(p)); p != "" {
			where = append(where, strings.ReplaceAll(p, "\n", " "))
		}
	}
	if len(where) > 0 {
		ev.SetLocation(strings.Join(where, ", "))
	}
	ev.SetURL(page)
	if a.Status == models.StatusCancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
}

// calendarText normalises line breaks: the library escapes "\n" but would
// pass a bare carriage return through and break the line structure.
func calendarText(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}

func (s *Server) calendarHost() string {
	if u, err := url.Parse(s.Config.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "agora"
}
