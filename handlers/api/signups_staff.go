package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// signupList is a page of signups.
type signupList struct {
	Items      []staffSignup `json:"items"`
	NextCursor *string       `json:"next_cursor"`
}

// staffSignup is a signup as staff see it: phone and answers are always
// present (API.md lists them), even when the attendee gave none, so that
// clients need not guess whether a key is missing or empty. Its shallower
// fields take precedence over the embedded signup's omitempty ones.
type staffSignup struct {
	models.Signup
	Phone   string         `json:"phone"`
	Answers map[string]any `json:"answers"`
	Source  string         `json:"source"`
}

// staffView turns a signup into its staff answer.
func staffView(su *models.Signup) staffSignup {
	v := staffSignup{Signup: *su, Phone: su.Phone, Answers: su.Answers, Source: su.Origin()}
	if v.Answers == nil {
		v.Answers = map[string]any{}
	}
	return v
}

// listSignups lists an activity's signups for staff: ?status= (one or
// several, comma-separated), ?limit=, ?cursor=.
func (s *Server) listSignups(c *fiber.Ctx) error {
	limit, err := httpx.QueryLimit(c)
	if err != nil {
		return err
	}
	var statuses []string
	if q := c.Query("status"); q != "" {
		statuses = strings.Split(q, ",")
	}
	page, err := s.Reg.ListSignups(c.UserContext(), httpx.Actor(c), c.Params("id"), statuses, c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	out := signupList{Items: make([]staffSignup, 0, len(page.Items))}
	for i := range page.Items {
		out.Items = append(out.Items, staffView(&page.Items[i]))
	}
	if page.NextCursor != "" {
		out.NextCursor = &page.NextCursor
	}
	return c.JSON(out)
}

// checkInRequest is the body of PATCH /signups/{id}.
type checkInRequest struct {
	Status string `json:"status"`
}

// checkIn records whether a confirmed attendee came.
func (s *Server) checkIn(c *fiber.Ctx) error {
	var req checkInRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	su, err := s.Reg.CheckIn(c.UserContext(), httpx.Actor(c), c.Params("signup"), req.Status)
	if err != nil {
		return err
	}
	return c.JSON(staffView(su))
}

// exportSignups streams an activity's signups as CSV.
func (s *Server) exportSignups(c *fiber.Ctx) error {
	exp, err := s.Reg.ExportSignups(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return s.SendSignupsCSV(c, exp)
}

// bulkCheckInRequest is the body of POST /activities/{id}/checkin.
type bulkCheckInRequest struct {
	Attended []string `json:"attended"`
	NoShow   []string `json:"no_show"`
}

// bulkCheckIn records who came and who did not in one step (a sign-in
// sheet typed in after the activity); a bad id changes nothing.
func (s *Server) bulkCheckIn(c *fiber.Ctx) error {
	var req bulkCheckInRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	n, err := s.Reg.BulkCheckIn(c.UserContext(), httpx.Actor(c), c.Params("id"), req.Attended, req.NoShow)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"attended": n.Attended, "no_show": n.NoShow})
}

// attendeeRequest is the body of POST /activities/{id}/attendees: a
// signup without consent (staff record it), with what only staff may ask.
// Its fields are spelled out, not embedded, so that a decoding error
// names the field as the client sent it.
type attendeeRequest struct {
	Name         string         `json:"name"`
	Email        string         `json:"email"`
	Phone        string         `json:"phone"`
	PartySize    *int           `json:"party_size"`
	Language     string         `json:"language"`
	Answers      map[string]any `json:"answers"`
	Attended     bool           `json:"attended"`
	OverCapacity bool           `json:"over_capacity"`
}

func (r *attendeeRequest) input() registration.AttendeeInput {
	in := registration.AttendeeInput{SignupInput: registration.SignupInput{Name: r.Name, Email: r.Email,
		Phone: r.Phone, PartySize: 1, Language: r.Language, Answers: r.Answers},
		Attended: r.Attended, OverCapacity: r.OverCapacity}
	if r.PartySize != nil {
		in.PartySize = *r.PartySize
	}
	return in
}

// addAttendee adds a walk-in or a phone registration: 201 the signup as
// the staff list shows it.
func (s *Server) addAttendee(c *fiber.Ctx) error {
	var req attendeeRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	res, err := s.Reg.AddAttendee(c.UserContext(), httpx.Actor(c), c.Params("id"), req.input())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(staffView(&res.Signup))
}
