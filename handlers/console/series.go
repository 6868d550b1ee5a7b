package console

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The series roster: the people who signed up for a whole series × its
// dates, each cell their status on that date.

type rosterCell struct {
	Status, Label string
}

type rosterRow struct {
	Name, Email string
	Party       int
	Left        bool
	Cells       []rosterCell
}

type rosterDate struct {
	ID, When string
}

type seriesRosterPage struct {
	httpx.Layout
	A     staffActivityView
	Dates []rosterDate
	Rows  []rosterRow
}

// staffSeries shows the roster of a series, reached from one of its
// activities (the page names it and links back to it).
func (s *Server) staffSeries(c *fiber.Ctx) error {
	ctx, lang := c.UserContext(), httpx.Lang(c)
	r, err := s.Reg.Roster(ctx, httpx.Actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	if len(r.Dates) == 0 {
		return models.Errorf(models.ErrNotFound, "series %s has only drafts", r.SeriesID)
	}
	first := registration.ActivityView{Activity: r.Dates[0]}
	v, err := s.staffView(c, httpx.OrgCache{}, &first)
	if err != nil {
		return err
	}
	p := seriesRosterPage{Layout: s.staffLayout(c, s.T(c, "staff.series.title", nil)+": "+v.Title.Text, "dashboard"), A: v}
	for _, a := range r.Dates {
		p.Dates = append(p.Dates, rosterDate{ID: a.ID, When: s.Catalog.DateTime(lang, a.StartsAt, a.Timezone)})
	}
	for _, row := range r.Rows {
		out := rosterRow{Name: row.SeriesSignup.Name, Email: row.SeriesSignup.Email, Party: row.SeriesSignup.PartySize,
			Left: row.SeriesSignup.Status != "active"}
		for _, st := range row.Statuses {
			st = registration.RosterStatus(st)
			label := s.T(c, "series.status."+st, nil)
			switch st {
			case "confirmed", "waitlisted", "attended", "no_show":
				label = s.T(c, "staff.status_"+st, nil)
			}
			out.Cells = append(out.Cells, rosterCell{Status: st, Label: label})
		}
		p.Rows = append(p.Rows, out)
	}
	return s.Render(c, fiber.StatusOK, "staff_series", p)
}
