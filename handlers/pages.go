package handlers

import (
	"bytes"
	"errors"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

// The public pages: server-rendered HTML that works without JavaScript,
// in the reader's language. Each page handler reads the request, calls a
// registration use case and renders a template; every form answers with
// a redirect (Post/Redirect/Get) or re-renders itself with the errors.

const localPage = "page"

// ManagePath is the route of an attendee's page for their signup: links
// to it in emails and in the answer to a signup are built from this
// pattern (app joins it to BASE_URL; see models.LinkTemplate).
const ManagePath = "/signups/" + models.LinkToken

// pageRoutes registers the public pages and their static assets.
func (s *Server) pageRoutes() {
	s.renderErrorPage = s.errorPage
	s.app.Get("/static/:file", s.static)
	s.app.Get("/", s.page, s.publicCached, s.pageList)
	s.app.Get("/activities/:id", s.page, s.publicCached, s.pageActivity)
	s.app.Post("/activities/:id/signup", s.page, s.sameOrigin, s.pageSignUp(s.signupLimit))
	s.app.Get(ManagePath, s.page, s.private, s.pageManage)
	s.app.Post(ManagePath+"/cancel", s.page, s.private, s.sameOrigin, s.pageCancel)
	s.app.Get(ManagePath+"/erase", s.page, s.private, s.pageEraseConfirm)
	s.app.Post(ManagePath+"/erase", s.page, s.private, s.sameOrigin, s.pageErase)
}

// page marks a request as a page request, so that its errors are
// rendered as HTML whatever the Accept header says, and tells caches that
// the answer depends on the language the reader chose.
func (s *Server) page(c *fiber.Ctx) error {
	c.Locals(localPage, true)
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Next()
}

// private marks pages that show one attendee's registration: their
// address is the attendee's key, so they are never cached or indexed, and
// the address is never sent to other sites as a referrer.
func (s *Server) private(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	return c.Next()
}

// staticTypes are the content types of the static assets; a file of
// another type is not served.
var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
	".js":  "text/javascript; charset=utf-8",
}

// static serves the embedded assets. Browsers may keep them for a year:
// their URLs carry the assets' version, so a new release has new URLs.
func (s *Server) static(c *fiber.Ctx) error {
	name := c.Params("file")
	ctype, ok := staticTypes[path.Ext(name)]
	if !ok || !fs.ValidPath(name) {
		return models.Errorf(models.ErrNotFound, "no static file %q", name)
	}
	body, err := fs.ReadFile(s.assets, name)
	if errors.Is(err, fs.ErrNotExist) {
		return models.Errorf(models.ErrNotFound, "no static file %q", name)
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(body)
}

// sameOrigin refuses form posts sent from another site. The public forms
// need no cookie, so this is not about stolen sessions but about other
// sites making visitors' browsers sign up or cancel in their name. The
// Origin header (or, without it, the Referer) must name this site, as
// configured by BASE_URL or as the request addresses it; requests with
// neither header (old browsers, privacy tools) are let through.
func (s *Server) sameOrigin(c *fiber.Ctx) error {
	from := c.Get(fiber.HeaderOrigin)
	if from == "" {
		from = c.Get(fiber.HeaderReferer)
	}
	if from == "" {
		return c.Next()
	}
	u, err := url.Parse(from)
	if err == nil && u.Host != "" && (strings.EqualFold(u.Host, s.baseHost()) || strings.EqualFold(u.Host, c.Hostname())) {
		return c.Next()
	}
	return models.Errorf(models.ErrForbidden, "cross-origin form post from %q", from)
}

func (s *Server) baseHost() string {
	u, err := url.Parse(s.cfg.BaseURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// layout is what every page template needs besides its own content.
type layout struct {
	Lang, Dir string
	Title     string
	NoIndex   bool
	HasErrors bool
	Langs     []langLink
	// Staff is set on the staff console's pages: its navigation.
	Staff *staffNav
}

type langLink struct {
	Code, Name, URL string
	Current         bool
}

// layoutFor builds the layout of a page whose address (for the language
// links) is path with the current query string.
func (s *Server) layoutFor(c *fiber.Ctx, title, path string) layout {
	lang := Lang(c)
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if key := string(k); key != "lang" && key != "done" {
			q.Add(key, string(v))
		}
	})
	links := make([]langLink, len(models.Languages()))
	for i, l := range models.Languages() {
		q.Set("lang", l)
		links[i] = langLink{Code: l, Name: web.NativeName(l), URL: path + "?" + q.Encode(), Current: l == lang}
	}
	return layout{Lang: lang, Dir: web.Dir(lang), Title: title, Langs: links}
}

// render executes a page template into a buffer, so that a template
// failure becomes a clean 500 rather than half a page, and sends it.
func (s *Server) render(c *fiber.Ctx, status int, name string, data any) error {
	var b bytes.Buffer
	if err := s.pages.Render(&b, Lang(c), name, data); err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(b.Bytes())
}

// t translates a key into the request's language.
func (s *Server) t(c *fiber.Ctx, key string, data map[string]any) string {
	return s.catalog.T(Lang(c), key, data)
}

type errorPageData struct {
	layout
	Heading, Message string
}

// errorPage renders an error of a page request as HTML; it is the
// ErrorHandler's renderErrorPage hook.
func (s *Server) errorPage(c *fiber.Ctx, status int, e errorDetail) error {
	heading, message := s.t(c, "errorpage.title", nil), e.Message
	if status == fiber.StatusNotFound {
		heading, message = s.t(c, "errorpage.not_found", nil), s.t(c, "errorpage.not_found_text", nil)
	}
	path := c.Path()
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		path = "/" // the language links must lead to a page, not repeat a post
	}
	l := s.layoutFor(c, heading, path)
	l.NoIndex = true
	if actor(c) != nil && strings.HasPrefix(c.Path(), staffPath+"/") {
		l.Staff = s.nav(c, "")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := s.render(c, status, "error", errorPageData{layout: l, Heading: heading, Message: message}); err != nil {
		s.logger.Error("error page failed", "request_id", requestID(c), "err", err)
		return c.Status(status).SendString(message)
	}
	return nil
}

// ltext is a piece of multilingual text as shown: the text, and the
// language it is really in, so that pages can mark it (lang, dir) for
// screen readers and for right-to-left scripts.
type ltext struct {
	Text, Lang, Dir string
}

// pick chooses the text a reader of lang sees by web.Pick's one fallback
// order; orgDefault is the organisation's default language, or "".
func pick(t models.Text, lang, orgDefault string) ltext {
	s, l := web.Pick(t, lang, orgDefault)
	if s == "" {
		return ltext{}
	}
	return ltext{Text: s, Lang: l, Dir: web.Dir(l)}
}
