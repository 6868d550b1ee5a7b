package handlers

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// staffActivityView is an activity as the console shows it: the public
// view plus what only staff see.
type staffActivityView struct {
	activityView
	SeatsTaken, Capacity, MaxParty int
	OnlineURL                      string
	SeriesID                       string
}

func (s *Server) staffView(c *fiber.Ctx, cache orgCache, a *registration.ActivityView) (staffActivityView, error) {
	v, err := s.activityView(c.UserContext(), cache, a, Lang(c))
	if err != nil {
		return staffActivityView{}, err
	}
	sv := staffActivityView{activityView: v, SeatsTaken: a.SeatsTaken, Capacity: a.Capacity,
		MaxParty: a.MaxPartySize, OnlineURL: a.Venue.OnlineURL}
	if a.SeriesID != nil {
		sv.SeriesID = *a.SeriesID
	}
	return sv, nil
}

type dashboardPage struct {
	layout
	Notice             string
	Drafts, Upcoming   []staffActivityView
	Organisations      []option // an admin's filter
	NextURL, FirstURL  string
	ShowOrganisation   bool
	DraftsN, UpcomingN int
}

// staffDashboard lists the organisation's activities that have not
// ended, soonest first: drafts apart, then the published and cancelled
// ones with their seats taken and waiting lists. An admin sees every
// organisation's, or one's with ?organisation=.
func (s *Server) staffDashboard(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), actor(c)
	f := registration.ActivityFilter{Status: registration.StatusAll, Organisation: a.User.OrganisationID,
		Limit: registration.MaxLimit, Cursor: c.Query("cursor")}
	p := dashboardPage{layout: s.staffLayout(c, s.t(c, "staff.dashboard_title", nil), "dashboard"), Notice: s.notice(c)}
	if a.User.Role == models.RoleAdmin {
		f.Organisation = c.Query("organisation")
		p.ShowOrganisation = f.Organisation == ""
		orgs, err := s.reg.ListOrganisations(ctx, "", registration.MaxLimit)
		if err != nil {
			return err
		}
		for _, o := range orgs.Items {
			p.Organisations = append(p.Organisations, option{Value: o.ID, Label: o.Name, Selected: o.ID == f.Organisation})
		}
	}
	list, err := s.reg.ListActivities(ctx, a, f)
	if err != nil {
		return err
	}
	cache := orgCache{}
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
	return s.render(c, fiber.StatusOK, "staff_dashboard", p)
}
