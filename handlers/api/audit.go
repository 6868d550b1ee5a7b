package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

func (s *Server) auditRoutes(r fiber.Router) {
	r.Get("/api/v1/audit", s.RequireStaff, s.listAudit)
}

// listAudit answers a page of the audit log, newest first: the caller's
// organisation's for a manager; every entry, or ?organisation='s, for an
// admin. ?limit= and ?cursor= as every list.
func (s *Server) listAudit(c *fiber.Ctx) error {
	limit, err := httpx.QueryLimit(c)
	if err != nil {
		return err
	}
	org, cursor := c.Query("organisation"), c.Query("cursor")
	if len(org) > 100 || len(cursor) > 200 {
		return models.Errorf(models.ErrBadRequest, "query value too long")
	}
	list, err := s.Reg.ListAudit(c.UserContext(), httpx.Actor(c), org, cursor, limit)
	if err != nil {
		return err
	}
	return c.JSON(page[models.AuditEntry](*list))
}
