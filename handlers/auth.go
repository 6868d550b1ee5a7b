package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

const localActor = "actor"

// requireStaff lets a request through only with a valid staff bearer
// token, and makes its Actor available through actor(c).
func (s *Server) requireStaff(c *fiber.Ctx) error {
	token, ok := bearerToken(c)
	if !ok {
		return models.Errorf(models.ErrUnauthorized, "no bearer token")
	}
	a, err := s.reg.Authenticate(c.UserContext(), token)
	if err != nil {
		return err
	}
	c.Locals(localActor, a)
	return c.Next()
}

// optionalStaff authenticates a bearer token when one is sent, for public
// endpoints that show staff more (drafts, online links). A request without
// one stays anonymous; a bad token is unauthorized, so that a client with
// an expired session learns it instead of silently seeing less.
func (s *Server) optionalStaff(c *fiber.Ctx) error {
	if c.Get(fiber.HeaderAuthorization) == "" {
		return c.Next()
	}
	return s.requireStaff(c)
}

// actor is the authenticated staff user of the request, or nil for an
// anonymous one.
func actor(c *fiber.Ctx) *registration.Actor {
	a, _ := c.Locals(localActor).(*registration.Actor)
	return a
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(c *fiber.Ctx) (string, bool) {
	h := c.Get(fiber.HeaderAuthorization)
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// loginRequest is the body of POST /auth/login.
type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// login answers 200 with a token, or 401 for any wrong credentials — an
// email or password too long to be an account's is one, never a 422 — or
// 429 over the failed-login limit. Bounding them is Login's: the console's
// form goes through it too.
func (s *Server) login(c *fiber.Ctx) error {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	res, err := s.reg.Login(c.UserContext(), req.Email, req.Password, s.clientIP(c))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

// logout revokes the caller's token.
func (s *Server) logout(c *fiber.Ctx) error {
	token, _ := bearerToken(c)
	if err := s.reg.Logout(c.UserContext(), token); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// me answers the caller's own account.
func (s *Server) me(c *fiber.Ctx) error {
	return c.JSON(actor(c).User)
}

func (s *Server) authRoutes() {
	s.app.Post("/api/v1/auth/login", s.login)
	s.app.Post("/api/v1/auth/logout", s.requireStaff, s.logout)
	s.app.Get("/api/v1/me", s.requireStaff, s.me)
}
