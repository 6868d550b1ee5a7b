package api

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// signupRoutes registers the Signups section of the API. A path
// parameter :signup is the attendee's manage token, or, for staff with a
// bearer token, the signup's id.
func (s *Server) signupRoutes(r fiber.Router) {
	r.Post("/api/v1/activities/:id/signups", s.RateLimit(s.SignupLimit), s.idempotent, s.signUp)
	r.Get("/api/v1/activities/:id/signups", s.RequireStaff, s.listSignups)
	r.Get("/api/v1/activities/:id/signups.csv", s.RequireStaff, s.exportSignups)
	r.Post("/api/v1/activities/:id/checkin", s.RequireStaff, s.bulkCheckIn)
	r.Post("/api/v1/activities/:id/attendees", s.RequireStaff, s.idempotent, s.addAttendee)
	r.Get("/api/v1/signups/:signup", s.manageSignup)
	r.Delete("/api/v1/signups/:signup", s.eraseSignup)
	r.Post("/api/v1/signups/:signup/cancel", s.OptionalStaff, s.cancelSignup)
	r.Patch("/api/v1/signups/:signup", s.OptionalStaff, s.patchSignup)
	r.Post("/api/v1/signups/:signup/offer/accept", s.acceptOffer)
	r.Post("/api/v1/signups/:signup/offer/decline", s.declineOffer)
	r.Post("/api/v1/activities/:id/manage-link", s.RateLimit(s.SignupLimit), s.requestManageLink)
}

// signupRequest is the body of a signup. Pointers tell "absent" from a
// zero value: a missing party_size is 1, a missing consent is no consent.
type signupRequest struct {
	Name      string         `json:"name"`
	Email     string         `json:"email"`
	Phone     string         `json:"phone"`
	PartySize *int           `json:"party_size"`
	Language  string         `json:"language"`
	Answers   map[string]any `json:"answers"`
	Consent   *bool          `json:"consent"`
}

func (r *signupRequest) input() registration.SignupInput {
	in := registration.SignupInput{Name: r.Name, Email: r.Email, Phone: r.Phone, PartySize: 1,
		Language: r.Language, Answers: r.Answers, Consent: r.Consent != nil && *r.Consent}
	if r.PartySize != nil {
		in.PartySize = *r.PartySize
	}
	return in
}

// signupCreated is the answer to a signup.
type signupCreated struct {
	ID               string `json:"id"`
	Status           string `json:"status"`
	WaitlistPosition *int   `json:"waitlist_position"`
	ManageToken      string `json:"manage_token"`
	ManageURL        string `json:"manage_url"`
}

// signUp registers an attendee: 201 confirmed or waitlisted.
func (s *Server) signUp(c *fiber.Ctx) error {
	var req signupRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	id, _ := c.Locals(localResourceID).(string)
	res, err := s.Reg.SignUp(c.UserContext(), c.Params("id"), id, req.input())
	if err != nil {
		return err
	}
	out := signupCreated{ID: res.Signup.ID, Status: res.Signup.Status, ManageToken: res.ManageToken, ManageURL: res.ManageURL}
	if res.WaitlistPosition > 0 {
		out.WaitlistPosition = &res.WaitlistPosition
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// managedSignupJSON is what the attendee sees of their signup.
type managedSignupJSON struct {
	ID               string `json:"id"`
	ActivityID       string `json:"activity_id"`
	Name             string `json:"name"`
	Status           string `json:"status"`
	PartySize        int    `json:"party_size"`
	Language         string `json:"language"`
	WaitlistPosition *int   `json:"waitlist_position"`
	// Answers are the attendee's own, shown back so that a change
	// (PATCH) can be checked.
	Answers   map[string]any `json:"answers,omitempty"`
	OnlineURL string         `json:"online_url,omitempty"`
	// OfferExpiresAt is when a seat offered to the signup passes on.
	OfferExpiresAt *time.Time `json:"offer_expires_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	// SeriesID and Occurrences are given for a series signup only.
	SeriesID    string           `json:"series_id,omitempty"`
	Occurrences []occurrenceJSON `json:"occurrences,omitempty"`
}

// manageSignup shows the signup of a manage token.
func (s *Server) manageSignup(c *fiber.Ctx) error {
	m, err := s.Reg.SignupByToken(c.UserContext(), c.Params("signup"))
	if err != nil {
		return err
	}
	return c.JSON(managedView(m))
}

// managedView is the attendee's view of their signup, as GET and PATCH
// answer it.
func managedView(m *registration.ManagedSignup) managedSignupJSON {
	out := managedSignupJSON{ID: m.Signup.ID, ActivityID: m.Signup.ActivityID, Name: m.Signup.Name,
		Status: m.Signup.Status, PartySize: m.Signup.PartySize, Language: m.Signup.Language,
		Answers: m.Signup.Answers, OnlineURL: m.OnlineURL, CreatedAt: m.Signup.CreatedAt}
	if m.Signup.Status == models.SignupOffered {
		out.OfferExpiresAt = m.Signup.OfferExpiresAt
	}
	if m.WaitlistPosition > 0 {
		out.WaitlistPosition = &m.WaitlistPosition
	}
	if ms := m.Series; ms != nil {
		out.SeriesID, out.Occurrences = ms.SeriesSignup.SeriesID, []occurrenceJSON{}
		for _, oc := range ms.Occurrences {
			out.Occurrences = append(out.Occurrences, occurrenceOf(oc.Occurrence))
		}
	}
	return out
}

// staffCancelRequest is the optional body of a staff cancellation.
type staffCancelRequest struct {
	// Notify tells the attendee by email; it defaults to true.
	Notify *bool `json:"notify"`
}

// cancelSignup cancels a signup: by its manage token, or by its id for
// staff sending their bearer token, who may send {"notify": false}.
func (s *Server) cancelSignup(c *fiber.Ctx) error {
	if a := httpx.Actor(c); a != nil {
		var req staffCancelRequest
		if len(bytes.TrimSpace(c.Body())) > 0 {
			if err := httpx.DecodeJSON(c, &req); err != nil {
				return err
			}
		}
		su, err := s.Reg.CancelSignup(c.UserContext(), a, c.Params("signup"), req.Notify == nil || *req.Notify)
		if err != nil {
			return err
		}
		return c.JSON(staffView(su))
	}
	su, err := s.Reg.CancelByToken(c.UserContext(), c.Params("signup"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"id": su.ID, "status": su.Status})
}

// eraseSignup cancels the signup of a manage token and erases its
// personal data: 204.
func (s *Server) eraseSignup(c *fiber.Ctx) error {
	if err := s.Reg.EraseByToken(c.UserContext(), c.Params("signup")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// acceptOffer takes the seat offered to the signup of a manage token: 200
// {"status": "confirmed"}, again on a repeat; offer_expired once its time
// ran out.
func (s *Server) acceptOffer(c *fiber.Ctx) error {
	su, err := s.Reg.AcceptOffer(c.UserContext(), c.Params("signup"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": su.Status})
}

// declineOffer gives the offered seat back, to the next person: 200
// {"status": "cancelled"}, again on a repeat.
func (s *Server) declineOffer(c *fiber.Ctx) error {
	su, err := s.Reg.DeclineOffer(c.UserContext(), c.Params("signup"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": su.Status})
}
