package public

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// pageSize is the number of activities on one page of the list: enough to
// browse, few enough for a phone on a slow connection.
const pageSize = 20

// maxLibraries bounds the library filter's choices.
const maxLibraries = 100

// listFilter is the list's filters as typed, to show them back.
type listFilter struct {
	Kind, Language, Organisation, From, Q string
}

type listPage struct {
	httpx.Layout
	Notice          string // a translation key
	Filter          listFilter
	Filtered        bool
	Kinds           []string
	SpokenLanguages []httpx.Option
	Libraries       []httpx.Option
	Items           []httpx.Activity
	NextURL         string
	FirstURL        string
}

// notices are the messages a redirect may ask the list to show.
var notices = map[string]string{"erased": "notice.erased"}

// pageList shows the published activities that have not ended, with
// filters and pages.
func (s *Server) pageList(c *fiber.Ctx) error {
	f, err := httpx.ActivityFilter(c)
	if err != nil {
		return err
	}
	f.Status, f.To, f.Limit = "", nil, pageSize
	ctx := c.UserContext()
	list, err := s.Reg.ListActivities(ctx, nil, f)
	if err != nil {
		return err
	}
	lang := httpx.Lang(c)
	orgs := httpx.OrgCache{}
	p := listPage{
		Layout: s.LayoutFor(c, s.T(c, "list.title", nil), "/"),
		Notice: notices[c.Query("done")],
		Filter: listFilter{Kind: f.Kind, Language: f.Language, Organisation: f.Organisation,
			From: c.Query("from"), Q: f.Q},
		Kinds: models.Kinds(),
		Items: make([]httpx.Activity, 0, len(list.Items)),
	}
	p.Filtered = p.Filter != listFilter{}
	for _, code := range web.SpokenLanguages() {
		p.SpokenLanguages = append(p.SpokenLanguages, httpx.Option{Value: code, Label: web.NativeName(code),
			Lang: code, Selected: code == f.Language})
	}
	libs, err := s.Reg.ListOrganisations(ctx, "", maxLibraries)
	if err != nil {
		return err
	}
	for _, o := range libs.Items {
		p.Libraries = append(p.Libraries, httpx.Option{Value: o.Slug, Label: o.Name,
			Selected: o.Slug == f.Organisation || o.ID == f.Organisation})
	}
	for i := range list.Items {
		v, err := s.ShowActivity(ctx, orgs, &list.Items[i], lang)
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
	return s.Render(c, fiber.StatusOK, "list", p)
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
