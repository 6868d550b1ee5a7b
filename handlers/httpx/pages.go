package httpx

import (
	"bytes"
	"errors"
	"io/fs"
	"net/url"
	"path"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/web"
)

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

// Layout is what every page template needs besides its own content.
type Layout struct {
	Lang, Dir string
	Title     string
	NoIndex   bool
	HasErrors bool
	Langs     []LangLink
	// Staff is set on the staff console's pages: its navigation.
	Staff *StaffNav
}

// StaffNav is the console's navigation, in the layout of its pages; the
// console fills it (the links each user may follow).
type StaffNav struct {
	Name, CSRF, Current string
	ManageStaff, Admin  bool
}

// LangLink is a link to the same page in another language.
type LangLink struct {
	Code, Name, URL string
	Current         bool
}

// LayoutFor builds the layout of a page whose address (for the language
// links) is path with the current query string.
func (s *Server) LayoutFor(c *fiber.Ctx, title, path string) Layout {
	lang := Lang(c)
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if key := string(k); key != "lang" && key != "done" {
			q.Add(key, string(v))
		}
	})
	links := make([]LangLink, len(models.Languages()))
	for i, l := range models.Languages() {
		q.Set("lang", l)
		links[i] = LangLink{Code: l, Name: web.NativeName(l), URL: path + "?" + q.Encode(), Current: l == lang}
	}
	return Layout{Lang: lang, Dir: web.Dir(lang), Title: title, Langs: links}
}

// Render executes a page template into a buffer, so that a template
// failure becomes a clean 500 rather than half a page, and sends it.
func (s *Server) Render(c *fiber.Ctx, status int, name string, data any) error {
	var b bytes.Buffer
	if err := s.pages.Render(&b, Lang(c), name, data); err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(b.Bytes())
}

// T translates a key into the request's language.
func (s *Server) T(c *fiber.Ctx, key string, data map[string]any) string {
	return s.Catalog.T(Lang(c), key, data)
}

type errorPageData struct {
	Layout
	Heading, Message string
}

// ErrorPage is the ErrorRenderer of pages: the error as an HTML page in
// the reader's language, never cached. nav, when not nil, gives the
// page the console's navigation (nil for a visitor who is not logged in).
func (s *Server) ErrorPage(nav func(c *fiber.Ctx) *StaffNav) ErrorRenderer {
	return func(c *fiber.Ctx, status int, e ErrorDetail) error {
		heading, message := s.T(c, "errorpage.title", nil), e.Message
		if status == fiber.StatusNotFound {
			heading, message = s.T(c, "errorpage.not_found", nil), s.T(c, "errorpage.not_found_text", nil)
		}
		path := c.Path()
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			path = "/" // the language links must lead to a page, not repeat a post
		}
		l := s.LayoutFor(c, heading, path)
		l.NoIndex = true
		if nav != nil {
			l.Staff = nav(c)
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		if err := s.Render(c, status, "error", errorPageData{Layout: l, Heading: heading, Message: message}); err != nil {
			s.Logger.Error("error page failed", "request_id", RequestID(c), "err", err)
			return c.Status(status).SendString(message)
		}
		return nil
	}
}

// LText is a piece of multilingual text as shown: the text, and the
// language it is really in, so that pages can mark it (lang, dir) for
// screen readers and for right-to-left scripts.
type LText struct {
	Text, Lang, Dir string
}

// Pick chooses the text a reader of lang sees, by web.Pick's one fallback
// order; orgDefault is the organisation's default language, or "".
func Pick(t models.Text, lang, orgDefault string) LText {
	s, l := web.Pick(t, lang, orgDefault)
	if s == "" {
		return LText{}
	}
	return LText{Text: s, Lang: l, Dir: web.Dir(l)}
}

// PickFlex is Pick for text that may be one string for every reader; a
// string's language is unknown, so its direction is left to the browser
// (dir="auto").
func PickFlex(f models.FlexText, lang, orgDefault string) LText {
	return shown(web.PickFlex(f, lang, orgDefault))
}

// OptionLabel is a choice option as a reader of lang sees it.
func OptionLabel(o models.Option, lang, orgDefault string) LText {
	return shown(web.OptionLabel(o, lang, orgDefault))
}

func shown(s, l string) LText {
	switch {
	case s == "":
		return LText{}
	case l == "":
		return LText{Text: s, Dir: "auto"}
	}
	return LText{Text: s, Lang: l, Dir: web.Dir(l)}
}

// Pages is the middleware of an audience's page routes: their errors are
// rendered by r as pages whatever the Accept header says (ErrorsAs), and
// caches are told that the answer depends on the language the reader
// chose.
func Pages(r ErrorRenderer) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(localRenderer, r)
		c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
		c.Set(fiber.HeaderCacheControl, "no-cache")
		return c.Next()
	}
}

// Private marks pages that show one person's registration or invitation:
// their address is the key, so they are never cached or indexed, and the
// address is never sent to other sites as a referrer.
func Private(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	return c.Next()
}
