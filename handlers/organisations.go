package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

func (s *Server) organisationRoutes() {
	s.app.Get("/api/v1/organisations", s.listOrganisations)
	s.app.Post("/api/v1/organisations", s.requireStaff, s.createOrganisation)
	s.app.Get("/api/v1/organisations/:org_id/users", s.requireStaff, s.listUsers)
	s.app.Post("/api/v1/organisations/:org_id/users", s.requireStaff, s.createUser)
}

// createOrganisation adds an organisation (admin only).
func (s *Server) createOrganisation(c *fiber.Ctx) error {
	var req models.OrganisationRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	o, err := s.reg.CreateOrganisation(c.UserContext(), actor(c), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

// listOrganisations is the public list of organisations.
func (s *Server) listOrganisations(c *fiber.Ctx) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	page, err := s.reg.ListOrganisations(c.UserContext(), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// createUser adds a staff account to an organisation.
func (s *Server) createUser(c *fiber.Ctx) error {
	var req models.UserRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	u, err := s.reg.CreateUser(c.UserContext(), actor(c), c.Params("org_id"), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(u)
}

// listUsers lists an organisation's staff accounts: ?limit=, ?cursor=.
func (s *Server) listUsers(c *fiber.Ctx) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	page, err := s.reg.ListUsersPage(c.UserContext(), actor(c), c.Params("org_id"), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	return c.JSON(page)
}
