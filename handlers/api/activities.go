package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

// activityRoutes registers the Activities section of the API. The .ics
// routes come first: ":id" alone would also match "x.ics".
func (s *Server) activityRoutes(r fiber.Router) {
	r.Get("/api/v1/activities.ics", s.OptionalStaff, s.activitiesCalendar)
	r.Get("/api/v1/activities", s.PublicCached, s.OptionalStaff, s.listActivities)
	r.Post("/api/v1/activities", s.RequireStaff, s.createActivity)
	r.Get("/api/v1/activities/:id.ics", s.OptionalStaff, s.activityCalendar)
	r.Get("/api/v1/activities/:id", s.PublicCached, s.OptionalStaff, s.getActivity)
	r.Patch("/api/v1/activities/:id", s.RequireStaff, s.updateActivity)
	r.Delete("/api/v1/activities/:id", s.RequireStaff, s.deleteActivity)
	r.Post("/api/v1/activities/:id/publish", s.RequireStaff, s.publishActivity)
	r.Post("/api/v1/activities/:id/cancel", s.RequireStaff, s.cancelActivity)
	r.Post("/api/v1/activities/:id/repeat", s.RequireStaff, s.repeatActivity)
}

// listActivities is the public list, with the staff's status filter.
func (s *Server) listActivities(c *fiber.Ctx) error {
	f, err := httpx.ActivityFilter(c)
	if err != nil {
		return err
	}
	list, err := s.Reg.ListActivities(c.UserContext(), httpx.Actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(page[activityJSON]{Items: activitiesOf(list.Items), NextCursor: list.NextCursor})
}

// createActivity creates a draft.
func (s *Server) createActivity(c *fiber.Ctx) error {
	var req models.ActivityRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := s.Reg.CreateActivity(c.UserContext(), httpx.Actor(c), &req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(activityOf(v))
}

// getActivity answers one activity; drafts only to their staff.
func (s *Server) getActivity(c *fiber.Ctx) error {
	v, err := s.Reg.GetActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(activityOf(v))
}

// updateActivity applies a partial update.
func (s *Server) updateActivity(c *fiber.Ctx) error {
	var req models.ActivityRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := s.Reg.UpdateActivity(c.UserContext(), httpx.Actor(c), c.Params("id"), &req)
	if err != nil {
		return err
	}
	return c.JSON(activityOf(v))
}

// publishActivity opens a draft for signups.
func (s *Server) publishActivity(c *fiber.Ctx) error {
	v, err := s.Reg.PublishActivity(c.UserContext(), httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(activityOf(v))
}

// cancelActivity cancels with a reason told to everyone signed up.
func (s *Server) cancelActivity(c *fiber.Ctx) error {
	var req models.CancelActivityRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := s.Reg.CancelActivity(c.UserContext(), httpx.Actor(c), c.Params("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(activityOf(v))
}

// deleteActivity deletes a draft without signups.
func (s *Server) deleteActivity(c *fiber.Ctx) error {
	if err := s.Reg.DeleteActivity(c.UserContext(), httpx.Actor(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// repeatActivity makes copies of an activity at later dates.
func (s *Server) repeatActivity(c *fiber.Ctx) error {
	var req models.RepeatRequest
	if err := httpx.DecodeJSON(c, &req); err != nil {
		return err
	}
	items, err := s.Reg.RepeatActivity(c.UserContext(), httpx.Actor(c), c.Params("id"), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"items": activitiesOf(items)})
}
