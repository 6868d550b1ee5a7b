package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/registration"
)

// seriesRoutes registers the Series section of the API: a series, one
// signup for all its dates, a series signup's dates skipped or rejoined
// by its manage token, and the staff roster.
func (s *Server) seriesRoutes(r fiber.Router) {
	r.Get("/api/v1/series/:series_id", s.OptionalStaff, s.getSeries)
	r.Post("/api/v1/series/:series_id/signups", s.RateLimit(s.SignupLimit), s.idempotent, s.signUpSeries)
	r.Get("/api/v1/series/:series_id/roster", s.RequireStaff, s.seriesRoster)
	r.Post("/api/v1/signups/:signup/occurrences/:activity/skip", s.skipOccurrence)
	r.Post("/api/v1/signups/:signup/occurrences/:activity/rejoin", s.rejoinOccurrence)
}

// seriesJSON is a series.
type seriesJSON struct {
	ID           string         `json:"id"`
	Activities   []activityJSON `json:"activities"`
	SeriesSignup bool           `json:"series_signup"`
}

// getSeries answers a series with the activities the caller may see.
func (s *Server) getSeries(c *fiber.Ctx) error {
	v, err := s.Reg.GetSeries(c.UserContext(), httpx.Actor(c), c.Params("series_id"))
	if err != nil {
		return err
	}
	return c.JSON(seriesJSON{ID: v.ID, Activities: activitiesOf(v.Activities), SeriesSignup: v.SeriesSignup})
}

// occurrenceJSON is one date of a series signup.
type occurrenceJSON struct {
	ActivityID       string    `json:"activity_id"`
	StartsAt         time.Time `json:"starts_at"`
	Status           string    `json:"status"`
	WaitlistPosition *int      `json:"waitlist_position"`
}

func occurrenceOf(oc registration.Occurrence) occurrenceJSON {
	out := occurrenceJSON{ActivityID: oc.Activity.ID, StartsAt: oc.Activity.StartsAt, Status: oc.Status}
	if oc.WaitlistPosition > 0 {
		p := oc.WaitlistPosition
		out.WaitlistPosition = &p
	}
	return out
}

func occurrencesOf(ocs []registration.Occurrence) []occurrenceJSON {
	out := make([]occurrenceJSON, len(ocs))
	for i, oc := range ocs {
		out[i] = occurrenceOf(oc)
	}
	return out
}

// seriesSignupCreated is the answer to a series signup.
type seriesSignupCreated struct {
	ID          string           `json:"id"`
	SeriesID    string           `json:"series_id"`
	ManageToken string           `json:"manage_token"`
	ManageURL   string           `json:"manage_url"`
	Occurrences []occurrenceJSON `json:"occurrences"`
}

// signUpSeries signs a person up for every open date of a series: 201.
func (s *Server) signUpSeries(c *fiber.Ctx) error {
	var req signupRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	id, _ := c.Locals(localResourceID).(string)
	res, err := s.Reg.SignUpSeries(c.UserContext(), c.Params("series_id"), id, req.input())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(seriesSignupCreated{ID: res.SeriesSignup.ID,
		SeriesID: res.SeriesSignup.SeriesID, ManageToken: res.ManageToken, ManageURL: res.ManageURL,
		Occurrences: occurrencesOf(res.Occurrences)})
}

// skipOccurrence skips one date of a series signup: 200 the date.
func (s *Server) skipOccurrence(c *fiber.Ctx) error {
	oc, err := s.Reg.SkipOccurrence(c.UserContext(), c.Params("signup"), c.Params("activity"))
	if err != nil {
		return err
	}
	return c.JSON(occurrenceOf(*oc))
}

// rejoinOccurrence signs up again on one date of a series signup: 200
// the date.
func (s *Server) rejoinOccurrence(c *fiber.Ctx) error {
	oc, err := s.Reg.RejoinOccurrence(c.UserContext(), c.Params("signup"), c.Params("activity"))
	if err != nil {
		return err
	}
	return c.JSON(occurrenceOf(*oc))
}

// rosterJSON is the people of a series signup × its dates.
type rosterJSON struct {
	SeriesID string          `json:"series_id"`
	Dates    []rosterDate    `json:"dates"`
	People   []rosterPersonJ `json:"people"`
}

type rosterDate struct {
	ActivityID string    `json:"activity_id"`
	StartsAt   time.Time `json:"starts_at"`
	Status     string    `json:"status"`
}

type rosterPersonJ struct {
	SeriesSignupID string   `json:"series_signup_id"`
	Name           string   `json:"name"`
	Email          string   `json:"email"`
	PartySize      int      `json:"party_size"`
	Status         string   `json:"status"`
	Statuses       []string `json:"statuses"`
}

// seriesRoster answers the series roster (staff): each person's status
// on each date, in the order of dates; a skipped date reads "skipped".
func (s *Server) seriesRoster(c *fiber.Ctx) error {
	r, err := s.Reg.Roster(c.UserContext(), httpx.Actor(c), c.Params("series_id"))
	if err != nil {
		return err
	}
	out := rosterJSON{SeriesID: r.SeriesID, Dates: []rosterDate{}, People: []rosterPersonJ{}}
	for _, a := range r.Dates {
		out.Dates = append(out.Dates, rosterDate{ActivityID: a.ID, StartsAt: a.StartsAt, Status: a.Status})
	}
	for _, row := range r.Rows {
		p := rosterPersonJ{SeriesSignupID: row.SeriesSignup.ID, Name: row.SeriesSignup.Name,
			Email: row.SeriesSignup.Email, PartySize: row.SeriesSignup.PartySize, Status: row.SeriesSignup.Status,
			Statuses: make([]string, len(row.Statuses))}
		for i, st := range row.Statuses {
			p.Statuses[i] = registration.RosterStatus(st)
		}
		out.People = append(out.People, p)
	}
	return c.JSON(out)
}
