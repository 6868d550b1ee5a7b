package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"

	"github.com/agora-events/agora/models"
)

const (
	localRequestID = "request_id"
	localLang      = "lang"
	langCookie     = "lang"
)

// requestID gives every request an id (the caller's X-Request-ID when it
// is sane), echoed in the response and in log lines.
func (s *Server) requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if id == "" || len(id) > 64 || strings.ContainsAny(id, "\r\n") {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Locals(localRequestID, id)
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

// RequestID is the request's id, for log lines.
func RequestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// observe logs each request and records its metrics. Errors are rendered
// here first, so the status logged is the status sent.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := s.HandleError(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	elapsed := time.Since(start)
	route := LogRoute(c)
	s.metrics.observe(c.Method(), route, status, elapsed)
	level := slogLevelFor(status)
	s.Logger.Log(c.UserContext(), level, "http", "method", c.Method(), "route", route,
		"status", status, "duration_ms", elapsed.Milliseconds(), "request_id", RequestID(c))
	return nil
}

// securityHeaders sets the headers every answer carries.
func securityHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "strict-origin-when-cross-origin")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderContentSecurityPolicy,
		"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	return c.Next()
}

var langMatcher = language.NewMatcher(func() []language.Tag {
	tags := make([]language.Tag, len(models.Languages()))
	for i, l := range models.Languages() {
		tags[i] = language.MustParse(l)
	}
	return tags
}())

// language picks the language of messages: ?lang=, then the lang cookie
// (set by the pages), then Accept-Language, then English.
func (s *Server) language(c *fiber.Ctx) error {
	lang := c.Query("lang")
	if models.IsSupportedLanguage(lang) {
		s.rememberLanguage(c, lang)
	} else {
		lang = c.Cookies(langCookie)
	}
	if !models.IsSupportedLanguage(lang) {
		lang = matchAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage))
	}
	c.Locals(localLang, lang)
	return c.Next()
}

// rememberLanguage keeps a language chosen with ?lang= in a cookie, so
// that the next pages keep it without the parameter. The API is stateless
// and gets no cookie.
func (s *Server) rememberLanguage(c *fiber.Ctx, lang string) {
	if strings.HasPrefix(c.Path(), "/api/") || c.Cookies(langCookie) == lang {
		return
	}
	c.Cookie(&fiber.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.Config != nil && strings.HasPrefix(s.Config.BaseURL, "https://")})
}

// matchAcceptLanguage returns the best supported language for an
// Accept-Language header, or English.
func matchAcceptLanguage(header string) string {
	if header == "" {
		return models.DefaultLanguage
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return models.DefaultLanguage
	}
	_, idx, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return models.DefaultLanguage
	}
	return models.Languages()[idx]
}

// Lang is the language chosen for this request.
func Lang(c *fiber.Ctx) string {
	if l, ok := c.Locals(localLang).(string); ok && l != "" {
		return l
	}
	return models.DefaultLanguage
}
