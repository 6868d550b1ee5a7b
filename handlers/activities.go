package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
)

// activityRoutes registers the Activities section of the API. The .ics
// routes come first: ":id" alone would also match "x.ics".
func (s *Server) activityRoutes() {
	s.app.Get("/api/v1/activities.ics", s.optionalStaff, s.activitiesCalendar)
	s.app.Get("/api/v1/activities", s.publicCached, s.optionalStaff, s.listActivities)
	s.app.Post("/api/v1/activities", s.requireStaff, s.createActivity)
	s.app.Get("/api/v1/activities/:id.ics", s.optionalStaff, s.activityCalendar)
	s.app.Get("/api/v1/activities/:id", s.publicCached, s.optionalStaff, s.getActivity)
	s.app.Patch("/api/v1/activities/:id", s.requireStaff, s.updateActivity)
	s.app.Delete("/api/v1/activities/:id", s.requireStaff, s.deleteActivity)
	s.app.Post("/api/v1/activities/:id/publish", s.requireStaff, s.publishActivity)
	s.app.Post("/api/v1/activities/:id/cancel", s.requireStaff, s.cancelActivity)
	s.app.Post("/api/v1/activities/:id/repeat", s.requireStaff, s.repeatActivity)
}

// listActivities is the public list, with the staff's status filter.
func (s *Server) listActivities(c *fiber.Ctx) error {
	f, err := activityFilter(c)
	if err != nil {
		return err
	}
	page, err := s.reg.ListActivities(c.UserContext(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// createActivity creates a draft.
func (s *Server) createActivity(c *fiber.Ctx) error {
	var req models.ActivityRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	v, err := s.reg.CreateActivity(c.UserContext(), actor(c), &req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

// getActivity answers one activity; drafts only to their staff.
func (s *Server) getActivity(c *fiber.Ctx) error {
	v, err := s.reg.GetActivity(c.UserContext(), actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// updateActivity applies a partial update.
func (s *Server) updateActivity(c *fiber.Ctx) error {
	var req models.ActivityRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	v, err := s.reg.UpdateActivity(c.UserContext(), actor(c), c.Params("id"), &req)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// publishActivity opens a draft for signups.
func (s *Server) publishActivity(c *fiber.Ctx) error {
	v, err := s.reg.PublishActivity(c.UserContext(), actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// cancelActivity cancels with a reason told to everyone signed up.
func (s *Server) cancelActivity(c *fiber.Ctx) error {
	var req models.CancelActivityRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	v, err := s.reg.CancelActivity(c.UserContext(), actor(c), c.Params("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// deleteActivity deletes a draft without signups.
func (s *Server) deleteActivity(c *fiber.Ctx) error {
	if err := s.reg.DeleteActivity(c.UserContext(), actor(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// repeatActivity makes copies of an activity at later dates.
func (s *Server) repeatActivity(c *fiber.Ctx) error {
	var req models.RepeatRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	items, err := s.reg.RepeatActivity(c.UserContext(), actor(c), c.Params("id"), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"items": items})
}
