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

// dashboardTab is one of the dashboard's three lists: which activities it
// holds and in which order (the registration filter's status and period).
type dashboardTab struct {
	Name, Status, Period, Empty string
}

// dashboardTabs: upcoming first, the door's daily work; drafts whatever
// their date; past newest first, so that last month's activity with its
// attendees, CSV and messages is one click away.
var dashboardTabs = []dashboardTab{
	{Name: "upcoming", Status: registration.StatusScheduled, Period: registration.PeriodUpcoming, Empty: "staff.no_upcoming"},
	{Name: "drafts", Status: models.StatusDraft, Period: registration.PeriodAny, Empty: "staff.no_drafts"},
	{Name: "past", Status: registration.StatusScheduled, Period: registration.PeriodPast, Empty: "staff.no_past"},
}

// dashboardPageSize keeps a page short enough to scroll on a phone.
const dashboardPageSize = 20

type dashboardPage struct {
	httpx.Layout
	Notice            string
	Tab               string
	Tabs              []statusTab
	Items             []staffActivityView
	Empty             string
	Q, From, To       string
	Organisation      string
	Organisations     []httpx.Option // an admin's filter
	NextURL, FirstURL string
	ShowOrganisation  bool
}

// staffDashboard lists one tab of the organisation's activities (see
// dashboardTabs), a page at a time, found by title in any language and by
// a date range: a GET form, so it works without JavaScript and every view
// has an address to share. An admin sees every organisation's, or one's
// with ?organisation=.
func (s *Server) staffDashboard(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), httpx.Actor(c)
	tab := dashboardTabs[0]
	for _, t := range dashboardTabs {
		if t.Name == c.Query("tab") {
			tab = t
		}
	}
	f, err := httpx.ActivityFilter(c)
	if err != nil {
		return err
	}
	f.Kind, f.Language, f.Status, f.Period = "", "", tab.Status, tab.Period
	f.Organisation, f.Limit = a.Scope(f.Organisation), dashboardPageSize
	p := dashboardPage{Layout: s.staffLayout(c, s.T(c, "staff.dashboard_title", nil), "dashboard"), Notice: s.notice(c),
		Tab: tab.Name, Empty: s.T(c, tab.Empty, nil), Q: f.Q, From: c.Query("from"), To: c.Query("to"),
		Organisation: c.Query("organisation")}
	if p.Q != "" || p.From != "" || p.To != "" {
		p.Empty = s.T(c, "staff.no_match", nil)
	}
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
		p.Items = append(p.Items, v)
	}
	q := url.Values{}
	for k, v := range map[string]string{"organisation": p.Organisation, "q": p.Q, "from": p.From, "to": p.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	// The tabs keep the search: "was it last month or is it a draft?"
	for _, t := range dashboardTabs {
		u := cloneValues(q)
		u.Set("tab", t.Name)
		p.Tabs = append(p.Tabs, statusTab{Label: s.T(c, "staff."+t.Name, nil), URL: staffPath + "/?" + u.Encode(),
			Current: t.Name == tab.Name})
	}
	q.Set("tab", tab.Name)
	if list.NextCursor != nil {
		next := cloneValues(q)
		next.Set("cursor", *list.NextCursor)
		p.NextURL = staffPath + "/?" + next.Encode()
	}
	if f.Cursor != "" {
		p.FirstURL = staffPath + "/?" + q.Encode()
	}
	return s.Render(c, fiber.StatusOK, "staff_dashboard", p)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
