package console

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/registration"
)

type reportRowView struct {
	Label string
	Month bool // Label is a month, "2026-11"
	registration.AttendanceFigures
}

// reportTable is one table of the report: ID names its heading; Totals,
// when set, is its footer.
type reportTable struct {
	ID, Head string
	Rows     []reportRowView
	Totals   *reportRowView
}

type reportsPage struct {
	httpx.Layout
	From, To        string
	Organisations   []httpx.Option
	ByKind, ByMonth reportTable
	UniquePeople    int
	CSVURL          string
}

// staffReportFilter reads the report form: dates (YYYY-MM-DD, the to date
// counting whole), by default the last twelve months up to today (whole
// months, this one included, so that each month row counts a whole month
// but this one); an admin's organisation.
func staffReportFilter(c *fiber.Ctx) (registration.ReportFilter, string, string, error) {
	from, to := c.Query("from"), c.Query("to")
	if from == "" && to == "" {
		now := time.Now().UTC()
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
		from, to = first.Format(time.DateOnly), now.Format(time.DateOnly)
		c.Request().URI().QueryArgs().Set("from", from)
		c.Request().URI().QueryArgs().Set("to", to)
	}
	f, err := httpx.ReportFilter(c)
	return f, from, to, err
}

// staffReports shows attendance by kind of activity over a window, with
// a CSV download of the same figures.
func (s *Server) staffReports(c *fiber.Ctx) error {
	f, from, to, err := staffReportFilter(c)
	if err != nil {
		return err
	}
	ctx, a := c.UserContext(), httpx.Actor(c)
	r, err := s.Reg.AttendanceReport(ctx, a, f)
	if err != nil {
		return err
	}
	q := url.Values{"from": {from}, "to": {to}}
	if f.Organisation != "" {
		q.Set("organisation", f.Organisation)
	}
	p := reportsPage{Layout: s.staffLayout(c, s.T(c, "staff.reports_title", nil), "reports"), From: from, To: to,
		UniquePeople: r.UniquePeople, CSVURL: staffPath + "/reports.csv?" + q.Encode(),
		ByKind: reportTable{ID: "report-by-kind", Head: s.T(c, "staff.kind", nil),
			Totals: &reportRowView{Label: s.T(c, "staff.total", nil), AttendanceFigures: r.Totals}},
		ByMonth: reportTable{ID: "report-by-month", Head: s.T(c, "staff.report_month", nil)}}
	orgs, err := s.Reg.OrganisationChoices(ctx, a)
	if err != nil {
		return err
	}
	if orgs != nil {
		p.Organisations = []httpx.Option{{Label: s.T(c, "staff.all_organisations", nil)}}
		for _, o := range orgs {
			p.Organisations = append(p.Organisations, httpx.Option{Value: o.ID, Label: o.Name,
				Selected: o.ID == f.Organisation || o.Slug == f.Organisation})
		}
	}
	for _, row := range r.Rows {
		p.ByKind.Rows = append(p.ByKind.Rows, reportRowView{Label: s.T(c, "kind."+row.Kind, nil),
			AttendanceFigures: row.AttendanceFigures})
	}
	for _, m := range r.Months {
		p.ByMonth.Rows = append(p.ByMonth.Rows, reportRowView{Label: m.Month, Month: true, AttendanceFigures: m.AttendanceFigures})
	}
	return s.Render(c, fiber.StatusOK, "staff_reports", p)
}

// staffReportCSV downloads the report as CSV (see SendAttendanceCSV).
func (s *Server) staffReportCSV(c *fiber.Ctx) error {
	f, from, to, err := staffReportFilter(c)
	if err != nil {
		return err
	}
	r, err := s.Reg.AttendanceReport(c.UserContext(), httpx.Actor(c), f)
	if err != nil {
		return err
	}
	return s.SendAttendanceCSV(c, r, "attendance-"+from+"-"+to)
}
