package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
)

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
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	res, err := s.Reg.Login(c.UserContext(), req.Email, req.Password, s.ClientIP(c))
	if err != nil {
		return err
	}
	return c.JSON(loginJSON(*res))
}

// logout revokes the caller's token.
func (s *Server) logout(c *fiber.Ctx) error {
	token, _ := httpx.BearerToken(c)
	if err := s.Reg.Logout(c.UserContext(), token); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// me answers the caller's own account.
func (s *Server) me(c *fiber.Ctx) error {
	return c.JSON(httpx.Actor(c).User)
}

func (s *Server) authRoutes(r fiber.Router) {
	r.Post("/api/v1/auth/login", s.login)
	r.Post("/api/v1/auth/logout", s.RequireStaff, s.logout)
	r.Get("/api/v1/me", s.RequireStaff, s.me)
}
