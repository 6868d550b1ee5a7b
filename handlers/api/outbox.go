package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

func (s *Server) outboxRoutes(r fiber.Router) {
	r.Get("/api/v1/outbox", s.RequireStaff, s.listOutbox)
	r.Post("/api/v1/outbox/:id/retry", s.RequireStaff, s.retryOutbox)
}

// outboxList is a page of outbox emails.
type outboxList struct {
	Items      []models.OutboxEmail `json:"items"`
	NextCursor *string              `json:"next_cursor"`
}

// listOutbox lists the emails of the caller's organisation, newest first:
// ?status=pending|sending|sent|failed, ?organisation= (admin), ?limit=,
// ?cursor=.
func (s *Server) listOutbox(c *fiber.Ctx) error {
	limit, err := httpx.QueryLimit(c)
	if err != nil {
		return err
	}
	page, err := s.Reg.ListOutbox(c.UserContext(), httpx.Actor(c), c.Query("organisation"), c.Query("status"),
		c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	out := outboxList{Items: page.Items}
	if page.NextCursor != "" {
		out.NextCursor = &page.NextCursor
	}
	return c.JSON(out)
}

// retryOutbox queues a failed email again.
func (s *Server) retryOutbox(c *fiber.Ctx) error {
	e, err := s.Reg.RetryOutbox(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(e)
}
