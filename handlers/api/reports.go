package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
)

func (s *Server) reportRoutes(r fiber.Router) {
	r.Get("/api/v1/reports/attendance", s.RequireStaff, s.attendanceReport)
	r.Get("/api/v1/reports/attendance.csv", s.RequireStaff, s.attendanceReportCSV)
}

// attendanceReportCSV answers the same report as CSV.
func (s *Server) attendanceReportCSV(c *fiber.Ctx) error {
	f, err := httpx.ReportFilter(c)
	if err != nil {
		return err
	}
	r, err := s.Reg.AttendanceReport(c.UserContext(), httpx.Actor(c), f)
	if err != nil {
		return err
	}
	return s.SendAttendanceCSV(c, r, "attendance")
}

// attendanceReport answers attendance by kind of activity over a window.
func (s *Server) attendanceReport(c *fiber.Ctx) error {
	f, err := httpx.ReportFilter(c)
	if err != nil {
		return err
	}
	r, err := s.Reg.AttendanceReport(c.UserContext(), httpx.Actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(attendanceOf(r))
}
