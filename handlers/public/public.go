// Package public is the site every visitor sees: the list of activities,
// an activity's page with its signup form, and the pages behind a
// signup's manage link (cancel, erase). Server-rendered HTML that works
// without JavaScript, in the reader's language; every form answers with a
// redirect (Post/Redirect/Get) or shows itself again with its errors.
package public

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/models"
)

// Server holds the public pages' handlers over the shared core.
type Server struct {
	*httpx.Server
}

// New returns the public pages, to be mounted on core.
func New(core *httpx.Server) *Server { return &Server{Server: core} }

// Routes registers the public pages. Each route says itself that it is a
// page (its errors are HTML pages); the rest of the address space is not
// claimed, so an unknown address is answered by negotiation.
func (s *Server) Routes(r fiber.Router) {
	page := httpx.Pages(s.ErrorPage(nil))
	r.Get("/", page, s.PublicCached, s.pageList)
	r.Get("/activities/:id", page, s.PublicCached, s.pageActivity)
	r.Post("/activities/:id/signup", page, s.sameOrigin, s.pageSignUp(s.SignupLimit))
	r.Post("/activities/:id/manage-link", page, s.sameOrigin, s.pageManageLink(s.SignupLimit))
	r.Post("/activities/:id/series-signup", page, s.sameOrigin, s.pageSeriesSignUp(s.SignupLimit))
	r.Get(routes.ManagePath, page, httpx.Private, s.pageManage)
	r.Get(routes.ManagePath+"/cancel", page, httpx.Private, s.pageCancelConfirm)
	r.Post(routes.ManagePath+"/cancel", page, httpx.Private, s.sameOrigin, s.pageCancel)
	r.Post(routes.ManagePath+"/change", page, httpx.Private, s.sameOrigin, s.pageChange)
	r.Get(routes.ManagePath+"/offer", page, httpx.Private, s.pageOffer)
	r.Post(routes.ManagePath+"/offer/accept", page, httpx.Private, s.sameOrigin, s.pageOfferAccept)
	r.Post(routes.ManagePath+"/offer/decline", page, httpx.Private, s.sameOrigin, s.pageOfferDecline)
	r.Get(routes.ManagePath+"/erase", page, httpx.Private, s.pageEraseConfirm)
	r.Get(routes.CalendarPath, page, httpx.Private, s.calendar)
	r.Post(routes.ManagePath+"/erase", page, httpx.Private, s.sameOrigin, s.pageErase)
	r.Get(routes.ManagePath+"/certificate", page, httpx.Private, s.pageCertificate)
	r.Get(routes.VerifyPath, page, httpx.Private, s.pageVerify)
	r.Post(routes.VerifyPath, page, httpx.Private, s.sameOrigin, s.pageVerifyPost)
	r.Post(routes.ManagePath+"/occurrences/:activity/skip", page, httpx.Private, s.sameOrigin, s.pageOccurrence("skip"))
	r.Post(routes.ManagePath+"/occurrences/:activity/rejoin", page, httpx.Private, s.sameOrigin, s.pageOccurrence("rejoin"))
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
	u, err := url.Parse(s.Config.BaseURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// limited takes one request of the client's IP from limit and returns
// nil, or, once the IP has made too many, the rate_limited error for the
// form to show, having set Retry-After.
func (s *Server) limited(c *fiber.Ctx, limit *httpx.RateLimiter) *models.Error {
	ok, wait := limit.Allow(s.ClientIP(c))
	if ok {
		return nil
	}
	retry := max(1, int(math.Ceil(wait.Seconds())))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
	return &models.Error{Code: models.ErrRateLimited, RetryAfter: retry}
}
