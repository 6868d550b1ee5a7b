package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The attendee's self-service through the API: a lost manage link asked
// for again, and a signup changed by its manage token.

// manageLinkRequest is the body of a request for a lost manage link.
type manageLinkRequest struct {
	Email string `json:"email"`
}

// requestManageLink emails the address its manage link if it has an
// active signup: 202 {} for every valid address, so that the answer tells
// nobody who is registered.
func (s *Server) requestManageLink(c *fiber.Ctx) error {
	var req manageLinkRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.Reg.RequestManageLink(c.UserContext(), c.Params("id"), req.Email); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{})
}

// signupChangeRequest is the body of an attendee's change; absent fields
// stay as they are.
type signupChangeRequest struct {
	PartySize *int           `json:"party_size"`
	Answers   map[string]any `json:"answers"`
}

// patchSignup is a check-in for staff sending their bearer token (the
// path names the signup's id), else the attendee's change of their signup
// by its manage token. A path that cannot be a manage token is a staff
// request without its bearer token: unauthorized, as it always was.
func (s *Server) patchSignup(c *fiber.Ctx) error {
	if httpx.Actor(c) != nil {
		return s.checkIn(c)
	}
	if len(c.Params("signup")) != models.ManageTokenLen {
		return models.Errorf(models.ErrUnauthorized, "check-in without a bearer token")
	}
	var req signupChangeRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	m, err := s.Reg.ChangeByToken(c.UserContext(), c.Params("signup"),
		registration.SignupChange{PartySize: req.PartySize, Answers: req.Answers})
	if err != nil {
		return err
	}
	return c.JSON(managedView(m))
}
