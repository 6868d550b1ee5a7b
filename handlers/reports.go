package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/registration"
)

func (s *Server) reportRoutes() {
	s.app.Get("/api/v1/reports/attendance", s.requireStaff, s.attendanceReport)
}

// reportFilter reads a report's window (?from=, ?to=: RFC 3339 times or
// dates, the to date counting whole) and an admin's ?organisation=.
func reportFilter(c *fiber.Ctx) (registration.ReportFilter, error) {
	f := registration.ReportFilter{Organisation: c.Query("organisation")}
	var err error
	if f.From, err = queryTime(c, "from", false); err != nil {
		return f, err
	}
	f.To, err = queryTime(c, "to", true)
	return f, err
}

// attendanceReport answers attendance by kind of activity over a window.
func (s *Server) attendanceReport(c *fiber.Ctx) error {
	f, err := reportFilter(c)
	if err != nil {
		return err
	}
	r, err := s.reg.AttendanceReport(c.UserContext(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
