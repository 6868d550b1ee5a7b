package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/models"
)

// The staff console keeps its login in a cookie holding the same session
// token the API returns from login: one session store, one expiry, one
// logout that revokes both. Every console form carries a CSRF token, an
// HMAC of the session token under SECRET_KEY: it changes with every
// login, needs no storage, and another site can neither read nor forge it.
// The login and set-password forms, used before a session exists, bind
// their token to a random cookie instead (a signed double submit).

const (
	sessionCookie = httpx.SessionCookie
	loginCookie   = "agora_login"
	csrfField     = "csrf"
	staffPath     = "/staff"
	localSession  = "staff_session"
)

// secureCookies reports whether cookies must be Secure: when the public
// address is https.
func (s *Server) secureCookies() bool { return strings.HasPrefix(s.Config.BaseURL, "https://") }

// setSessionCookie stores the session token in the browser until the
// session expires. HttpOnly keeps it from scripts; SameSite=Lax keeps it
// off other sites' form posts.
// The same token goes to the check-in pages (checkinCookie, under /c).
func (s *Server) setSessionCookie(c *fiber.Ctx, token string, expires time.Time) {
	for _, name := range []string{sessionCookie, checkinCookie} {
		c.Cookie(&fiber.Cookie{Name: name, Value: token, Path: cookiePath(name), Expires: expires,
			MaxAge: max(1, int(time.Until(expires).Seconds())), HTTPOnly: true, Secure: s.secureCookies(),
			SameSite: fiber.CookieSameSiteLaxMode})
	}
}

// clearCookie removes a console cookie from the browser; the session
// cookie goes with its check-in copy.
func (s *Server) clearCookie(c *fiber.Ctx, name string) {
	names := []string{name}
	if name == sessionCookie {
		names = append(names, checkinCookie)
	}
	for _, n := range names {
		c.Cookie(&fiber.Cookie{Name: n, Value: "", Path: cookiePath(n), Expires: time.Unix(0, 0), MaxAge: -1,
			HTTPOnly: true, Secure: s.secureCookies(), SameSite: fiber.CookieSameSiteLaxMode})
	}
}

// cookiePath is where the browser sends a console cookie: the console,
// or for checkinCookie the check-in pages.
func cookiePath(name string) string {
	if name == checkinCookie {
		return checkinPath
	}
	return staffPath
}

// mac is the HMAC-SHA256 of the parts under SECRET_KEY, for CSRF tokens.
func (s *Server) mac(parts ...string) string {
	h := hmac.New(sha256.New, []byte("agora staff console\x00"+s.Config.SecretKey))
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// csrfToken is the CSRF token of the request's session ("" without one).
func (s *Server) csrfToken(c *fiber.Ctx) string {
	token, _ := c.Locals(localSession).(string)
	if token == "" {
		return ""
	}
	return s.mac("csrf", token)
}

// staffSession lets a console request through only with a valid session
// cookie, making its Actor available through httpx.Actor(c). Without one the
// browser goes to the login form, which brings it back to the page asked
// for. Console pages are never cached nor indexed.
func (s *Server) staffSession(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	token := c.Cookies(sessionCookie)
	a, err := s.Reg.Authenticate(c.UserContext(), token)
	if models.IsCode(err, models.ErrUnauthorized) {
		if token != "" {
			s.clearCookie(c, sessionCookie)
		}
		next, notice := "", ""
		if c.Method() == fiber.MethodGet {
			next = string(c.Request().URI().RequestURI())
		}
		if token != "" {
			notice = "expired"
		}
		return c.Redirect(loginURL(next, notice), fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	httpx.SetActor(c, a)
	c.Locals(localSession, token)
	return c.Next()
}

// loginURL is the login form's address, with the page to return to and a
// notice.
func loginURL(next, notice string) string {
	q := url.Values{}
	if safeNext(next) {
		q.Set("next", next)
	}
	if notice != "" {
		q.Set("done", notice)
	}
	if len(q) == 0 {
		return staffPath + "/login"
	}
	return staffPath + "/login?" + q.Encode()
}

// safeNext reports whether next is a console or check-in address of this
// site, so that the login form never sends anyone elsewhere.
func safeNext(next string) bool {
	return (strings.HasPrefix(next, staffPath+"/") || strings.HasPrefix(next, checkinPath+"/")) &&
		!strings.HasPrefix(next, staffPath+"/login") &&
		!strings.ContainsAny(next, "\\\r\n") && !strings.HasPrefix(next, "//")
}

// csrf refuses a console form post whose token does not belong to the
// session: 403, with a page that says what to do.
func (s *Server) csrf(c *fiber.Ctx) error {
	want := s.csrfToken(c)
	if want == "" || !hmac.Equal([]byte(c.FormValue(csrfField)), []byte(want)) {
		return s.csrfRefused(c)
	}
	return c.Next()
}

// csrfRefused answers a form post without a valid CSRF token.
func (s *Server) csrfRefused(c *fiber.Ctx) error {
	s.Logger.Info("console form refused: bad CSRF token", "request_id", httpx.RequestID(c), "route", httpx.LogRoute(c))
	return s.ErrorPage(s.errorNav)(c, fiber.StatusForbidden, httpx.ErrorDetail{Code: models.ErrForbidden,
		Message: s.T(c, "staff.csrf_refused", nil)})
}

// preSessionToken gives a form shown before login (login, set password)
// its CSRF token: the HMAC of a random value kept in a short-lived cookie.
func (s *Server) preSessionToken(c *fiber.Ctx) (string, error) {
	nonce := c.Cookies(loginCookie)
	if len(nonce) != 43 {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		nonce = base64.RawURLEncoding.EncodeToString(b)
		c.Cookie(&fiber.Cookie{Name: loginCookie, Value: nonce, Path: staffPath, MaxAge: 3600,
			HTTPOnly: true, Secure: s.secureCookies(), SameSite: fiber.CookieSameSiteStrictMode})
	}
	return s.mac("pre-session", nonce), nil
}

// checkPreSession reports whether a form posted before login carries the
// token of the browser's cookie.
func (s *Server) checkPreSession(c *fiber.Ctx) bool {
	nonce := c.Cookies(loginCookie)
	return nonce != "" && hmac.Equal([]byte(c.FormValue(csrfField)), []byte(s.mac("pre-session", nonce)))
}
