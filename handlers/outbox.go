package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

func (s *Server) outboxRoutes() {
	s.app.Get("/api/v1/outbox", s.requireStaff, s.listOutbox)
	s.app.Post("/api/v1/outbox/:id/retry", s.requireStaff, s.retryOutbox)
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
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	page, err := s.reg.ListOutbox(c.UserContext(), actor(c), c.Query("organisation"), c.Query("status"),
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
	e, err := s.reg.RetryOutbox(c.UserContext(), actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(e)
}
