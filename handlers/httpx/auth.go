package httpx

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

const localActor = "actor"

// RequireStaff lets a request through only with a valid staff bearer
// token, and makes its Actor available through Actor(c).
func (s *Server) RequireStaff(c *fiber.Ctx) error {
	token, ok := BearerToken(c)
	if !ok {
		return models.Errorf(models.ErrUnauthorized, "no bearer token")
	}
	a, err := s.Reg.Authenticate(c.UserContext(), token)
	if err != nil {
		return err
	}
	c.Locals(localActor, a)
	return c.Next()
}

// OptionalStaff authenticates a bearer token when one is sent, for public
// endpoints that show staff more (drafts, online links). A request without
// one stays anonymous; a bad token is unauthorized, so that a client with
// an expired session learns it instead of silently seeing less.
func (s *Server) OptionalStaff(c *fiber.Ctx) error {
	if c.Get(fiber.HeaderAuthorization) == "" {
		return c.Next()
	}
	return s.RequireStaff(c)
}

// Actor is the authenticated staff user of the request, or nil for an
// anonymous one.
func Actor(c *fiber.Ctx) *registration.Actor {
	a, _ := c.Locals(localActor).(*registration.Actor)
	return a
}

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(c *fiber.Ctx) (string, bool) {
	h := c.Get(fiber.HeaderAuthorization)
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// SessionCookie is the name of the staff console's session cookie. The
// console sets it; the public cache must know it, since staff always get
// fresh answers.
const SessionCookie = "agora_staff"

// SetActor makes a as the request's Actor, for a door that authenticates
// otherwise than by bearer token (the console's session cookie).
func SetActor(c *fiber.Ctx, a *registration.Actor) { c.Locals(localActor, a) }
