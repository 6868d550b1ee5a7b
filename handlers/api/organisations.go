package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

func (s *Server) organisationRoutes(r fiber.Router) {
	r.Get("/api/v1/organisations", s.listOrganisations)
	r.Post("/api/v1/organisations", s.RequireStaff, s.createOrganisation)
	r.Patch("/api/v1/organisations/:org_id", s.RequireStaff, s.updateOrganisation)
	r.Get("/api/v1/organisations/:org_id/users", s.RequireStaff, s.listUsers)
	r.Post("/api/v1/organisations/:org_id/users", s.RequireStaff, s.createUser)
}

// createOrganisation adds an organisation (admin only).
func (s *Server) createOrganisation(c *fiber.Ctx) error {
	var req models.OrganisationRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	o, err := s.Reg.CreateOrganisation(c.UserContext(), httpx.Actor(c), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

// updateOrganisation changes an organisation's contact (its manager or an
// admin).
func (s *Server) updateOrganisation(c *fiber.Ctx) error {
	var req models.OrganisationPatch
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	o, err := s.Reg.UpdateOrganisation(c.UserContext(), httpx.Actor(c), c.Params("org_id"), req)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

// listOrganisations is the public list of organisations.
func (s *Server) listOrganisations(c *fiber.Ctx) error {
	limit, err := httpx.QueryLimit(c)
	if err != nil {
		return err
	}
	list, err := s.Reg.ListOrganisations(c.UserContext(), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	return c.JSON(page[models.OrganisationSummary](*list))
}

// createUser adds a staff account to an organisation.
func (s *Server) createUser(c *fiber.Ctx) error {
	var req models.UserRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	u, err := s.Reg.CreateUser(c.UserContext(), httpx.Actor(c), c.Params("org_id"), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(u)
}

// listUsers lists an organisation's staff accounts: ?limit=, ?cursor=.
func (s *Server) listUsers(c *fiber.Ctx) error {
	limit, err := httpx.QueryLimit(c)
	if err != nil {
		return err
	}
	list, err := s.Reg.ListUsersPage(c.UserContext(), httpx.Actor(c), c.Params("org_id"), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	return c.JSON(page[models.User](*list))
}
