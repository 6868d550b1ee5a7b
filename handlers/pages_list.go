package handlers

import (
	"context"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// pageSize is the number of activities on one page of the list: enough to
// browse, few enough for a phone on a slow connection.
const pageSize = 20

// maxLibraries bounds the library filter's choices.
const maxLibraries = 100

type option struct {
	Value, Label, Lang string
	Selected           bool
}

// listFilter is the list's filters as typed, to show them back.
type listFilter struct {
	Kind, Language, Organisation, From, Q string
}

type listPage struct {
	layout
	Notice          string // a translation key
	Filter          listFilter
	Filtered        bool
	Kinds           []string
	SpokenLanguages []option
	Libraries       []option
	Items           []activityView
	NextURL         string
	FirstURL        string
}

// activityView is an activity as the pages show it, its texts picked in
// the reader's language.
type activityView struct {
	ID, Kind, Status, TZ              string
	Title, Description, CancelReason  ltext
	StartsAt, EndsAt                  time.Time
	VenueName, Address, Accessibility string
	Languages                         []string
	SeatsLeft, WaitlistCount          int
	Waitlist                          bool
	OrgName                           string
}

// notices are the messages a redirect may ask the list to show.
var notices = map[string]string{"erased": "notice.erased"}

// pageList shows the published activities that have not ended, with
// filters and pages.
func (s *Server) pageList(c *fiber.Ctx) error {
	f, err := activityFilter(c)
	if err != nil {
		return err
	}
	f.Status, f.To, f.Limit = "", nil, pageSize
	ctx := c.UserContext()
	list, err := s.reg.ListActivities(ctx, nil, f)
	if err != nil {
		return err
	}
	lang := Lang(c)
	orgs := orgCache{}
	p := listPage{
		layout: s.layoutFor(c, s.t(c, "list.title", nil), "/"),
		Notice: notices[c.Query("done")],
		Filter: listFilter{Kind: f.Kind, Language: f.Language, Organisation: f.Organisation,
			From: c.Query("from"), Q: f.Q},
		Kinds: models.Kinds(),
		Items: make([]activityView, 0, len(list.Items)),
	}
	p.Filtered = p.Filter != listFilter{}
	for _, code := range web.SpokenLanguages() {
		p.SpokenLanguages = append(p.SpokenLanguages, option{Value: code, Label: web.NativeName(code),
			Lang: code, Selected: code == f.Language})
	}
	libs, err := s.reg.ListOrganisations(ctx, "", maxLibraries)
	if err != nil {
		return err
	}
	for _, o := range libs.Items {
		p.Libraries = append(p.Libraries, option{Value: o.Slug, Label: o.Name,
			Selected: o.Slug == f.Organisation || o.ID == f.Organisation})
	}
	for i := range list.Items {
		v, err := s.activityView(ctx, orgs, &list.Items[i], lang)
		if err != nil {
			return err
		}
		p.Items = append(p.Items, v)
	}
	if list.NextCursor != nil {
		p.NextURL = listURL(c, *list.NextCursor)
	}
	if f.Cursor != "" {
		p.FirstURL = listURL(c, "")
	}
	return s.render(c, fiber.StatusOK, "list", p)
}

// listURL is the list's address with the current filters and cursor.
func listURL(c *fiber.Ctx, cursor string) string {
	q := url.Values{}
	for _, k := range []string{"kind", "language", "organisation", "from", "q"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if len(q) == 0 {
		return "/"
	}
	return "/?" + q.Encode()
}

// orgCache remembers, for one request, the organisations looked up.
type orgCache map[string]*models.Organisation

// organisation returns an activity's organisation, nil when it is gone.
func (s *Server) organisation(ctx context.Context, cache orgCache, id string) (*models.Organisation, error) {
	if o, ok := cache[id]; ok {
		return o, nil
	}
	o, err := s.reg.OrganisationByRef(ctx, id)
	if err != nil && !models.IsCode(err, models.ErrNotFound) {
		return nil, err
	}
	cache[id] = o
	return o, nil
}

// activityView presents an activity in lang: texts in the reader's
// language, else the organisation's default language, else any.
func (s *Server) activityView(ctx context.Context, cache orgCache, a *registration.ActivityView, lang string) (activityView, error) {
	o, err := s.organisation(ctx, cache, a.OrganisationID)
	if err != nil {
		return activityView{}, err
	}
	fallback, orgName := models.DefaultLanguage, ""
	if o != nil {
		fallback, orgName = o.DefaultLanguage, o.Name
	}
	return activityView{
		ID: a.ID, Kind: a.Kind, Status: a.Status, TZ: a.Timezone,
		Title:        pick(a.Title, lang, fallback),
		Description:  pick(a.Description, lang, fallback),
		CancelReason: pick(a.CancelReason, lang, fallback),
		StartsAt:     a.StartsAt, EndsAt: a.EndsAt,
		VenueName: a.Venue.Name, Address: a.Venue.Address, Accessibility: a.Venue.Accessibility,
		Languages: a.Languages, SeatsLeft: a.SeatsLeft, WaitlistCount: a.WaitlistCount,
		Waitlist: a.Waitlist, OrgName: orgName,
	}, nil
}
