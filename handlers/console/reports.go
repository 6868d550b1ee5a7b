package console

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/registration"
)

type reportRowView struct {
	Label string
	registration.AttendanceFigures
}

type reportsPage struct {
	httpx.Layout
	From, To      string
	Organisations []httpx.Option
	Rows          []reportRowView
	Totals        registration.AttendanceFigures
	CSVURL        string
}

// staffReportFilter reads the report form: dates (YYYY-MM-DD, the to date
// counting whole), by default the year so far; an admin's organisation.
func staffReportFilter(c *fiber.Ctx) (registration.ReportFilter, string, string, error) {
	from, to := c.Query("from"), c.Query("to")
	if from == "" && to == "" {
		now := time.Now().UTC()
		from, to = fmt.Sprintf("%d-01-01", now.Year()), now.Format(time.DateOnly)
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
		Totals: r.Totals, CSVURL: staffPath + "/reports.csv?" + q.Encode()}
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
		p.Rows = append(p.Rows, reportRowView{Label: s.T(c, "kind."+row.Kind, nil), AttendanceFigures: row.AttendanceFigures})
	}
	return s.Render(c, fiber.StatusOK, "staff_reports", p)
}

// staffReportCSV downloads the report as CSV, one row per kind and a
// total, with the column names in the reader's language.
func (s *Server) staffReportCSV(c *fiber.Ctx) error {
	f, from, to, err := staffReportFilter(c)
	if err != nil {
		return err
	}
	r, err := s.Reg.AttendanceReport(c.UserContext(), httpx.Actor(c), f)
	if err != nil {
		return err
	}
	t := func(key string) string { return s.T(c, key, nil) }
	row := func(label string, n registration.AttendanceFigures) []string {
		return []string{label, strconv.Itoa(n.Activities), strconv.Itoa(n.Signups),
			strconv.Itoa(n.People), strconv.Itoa(n.Attended), strconv.Itoa(n.NoShow)}
	}
	records := [][]string{{t("staff.kind"), t("staff.report_activities"), t("staff.report_signups"),
		t("staff.report_people"), t("staff.report_attended"), t("staff.report_no_show")}}
	for _, k := range r.Rows {
		records = append(records, row(t("kind."+k.Kind), k.AttendanceFigures))
	}
	records = append(records, row(t("staff.total"), r.Totals))
	body, err := httpx.CSVFile(records)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="attendance-%s-%s.csv"`, from, to))
	return c.Send(body)
}
