package httpx

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/registration"
)

// SendAttendanceCSV sends an attendance report as CSV, for the API and
// the console alike: one row per kind, one per month ("2026-11", which a
// spreadsheet sorts), then the total with the unique people; column names
// in the reader's language. name is the file's name without ".csv".
func (s *Server) SendAttendanceCSV(c *fiber.Ctx, r *registration.AttendanceReport, name string) error {
	t := func(key string) string { return s.T(c, key, nil) }
	row := func(section, label string, n registration.AttendanceFigures) []string {
		return []string{section, label, strconv.Itoa(n.Activities), strconv.Itoa(n.Signups),
			strconv.Itoa(n.People), strconv.Itoa(n.Attended), strconv.Itoa(n.NoShow)}
	}
	records := [][]string{{t("staff.report_group"), t("staff.report_row"), t("staff.report_activities"),
		t("staff.report_signups"), t("staff.report_people"), t("staff.report_attended"), t("staff.report_no_show"),
		t("staff.report_unique_people")}}
	for _, k := range r.Rows {
		records = append(records, append(row(t("staff.kind"), t("kind."+k.Kind), k.AttendanceFigures), ""))
	}
	for _, m := range r.Months {
		records = append(records, append(row(t("staff.report_month"), m.Month, m.AttendanceFigures), ""))
	}
	records = append(records, append(row(t("staff.total"), "", r.Totals), strconv.Itoa(r.UniquePeople)))
	body, err := CSVFile(records)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.csv"`, name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(body)
}
