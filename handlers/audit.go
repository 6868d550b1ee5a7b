package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

func (s *Server) auditRoutes() {
	s.app.Get("/api/v1/audit", s.requireStaff, s.listAudit)
}

// listAudit answers a page of the audit log, newest first: the caller's
// organisation's for a manager; every entry, or ?organisation='s, for an
// admin. ?limit= and ?cursor= as every list.
func (s *Server) listAudit(c *fiber.Ctx) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	org, cursor := c.Query("organisation"), c.Query("cursor")
	if len(org) > 100 || len(cursor) > 200 {
		return models.Errorf(models.ErrBadRequest, "query value too long")
	}
	page, err := s.reg.ListAudit(c.UserContext(), actor(c), org, cursor, limit)
	if err != nil {
		return err
	}
	return c.JSON(page)
}
