package console

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// staffActivityView is an activity as the console shows it: the public
// view plus what only staff see.
type staffActivityView struct {
	httpx.Activity
	SeatsTaken, Capacity, MaxParty int
	OnlineURL                      string
	SeriesID                       string
}

func (s *Server) staffView(c *fiber.Ctx, cache httpx.OrgCache, a *registration.ActivityView) (staffActivityView, error) {
	v, err := s.ShowActivity(c.UserContext(), cache, a, httpx.Lang(c))
	if err != nil {
		return staffActivityView{}, err
	}
	sv := staffActivityView{Activity: v, SeatsTaken: a.SeatsTaken, Capacity: a.Capacity,
		MaxParty: a.MaxPartySize, OnlineURL: a.Venue.OnlineURL}
	if a.SeriesID != nil {
		sv.SeriesID = *a.SeriesID
	}
	return sv, nil
}

type dashboardPage struct {
	httpx.Layout
	Notice             string
	Drafts, Upcoming   []staffActivityView
	Organisations      []httpx.Option // an admin's filter
	NextURL, FirstURL  string
	ShowOrganisation   bool
	DraftsN, UpcomingN int
}

// staffDashboard lists the organisation's activities that have not
// ended, soonest first: drafts apart, then the published and cancelled
// ones with their seats taken and waiting lists. An admin sees every
// organisation's, or one's with ?organisation=.
func (s *Server) staffDashboard(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), httpx.Actor(c)
	f := registration.ActivityFilter{Status: registration.StatusAll, Organisation: a.Scope(c.Query("organisation")),
		Limit: registration.MaxLimit, Cursor: c.Query("cursor")}
	p := dashboardPage{Layout: s.staffLayout(c, s.T(c, "staff.dashboard_title", nil), "dashboard"), Notice: s.notice(c)}
	orgs, err := s.Reg.OrganisationChoices(ctx, a)
	if err != nil {
		return err
	}
	if orgs != nil {
		p.ShowOrganisation = f.Organisation == ""
		for _, o := range orgs {
			p.Organisations = append(p.Organisations, httpx.Option{Value: o.ID, Label: o.Name, Selected: o.ID == f.Organisation})
		}
	}
	list, err := s.Reg.ListActivities(ctx, a, f)
	if err != nil {
		return err
	}
	cache := httpx.OrgCache{}
	for i := range list.Items {
		v, err := s.staffView(c, cache, &list.Items[i])
		if err != nil {
			return err
		}
		if v.Status == models.StatusDraft {
			p.Drafts = append(p.Drafts, v)
		} else {
			p.Upcoming = append(p.Upcoming, v)
		}
	}
	p.DraftsN, p.UpcomingN = len(p.Drafts), len(p.Upcoming)
	q := url.Values{}
	if v := c.Query("organisation"); v != "" {
		q.Set("organisation", v)
	}
	if list.NextCursor != nil {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("cursor", *list.NextCursor)
		p.NextURL = staffPath + "/?" + next.Encode()
	}
	if f.Cursor != "" {
		p.FirstURL = staffPath + "/?" + q.Encode()
	}
	return s.Render(c, fiber.StatusOK, "staff_dashboard", p)
}
