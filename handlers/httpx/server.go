// Package httpx is the shared core of Agora's HTTP layer: the Fiber
// application and its middleware (security headers, request id, language,
// logging and metrics, client IP, rate limits, body limit and lingering
// close), the one map from application error codes to HTTP statuses and
// the error bodies, request decoding, page rendering and the form helpers
// every audience uses. It serves no audience itself: packages api, public
// and console mount their routes on it (Mount), each declaring how its
// errors are answered (ErrorsAs). Handlers hold no business rules; they
// call package registration.
package httpx

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// BodyLimit is the largest request body accepted, in bytes. A larger one
// is answered 413 payload_too_large as soon as its length is known, and
// its connection is closed in stages (linger.go) so that a client still
// sending reads that answer.
const BodyLimit = 1 << 20

// Pinger is the store as readiness sees it: it answers or it does not.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the server's collaborators, built and owned by package main.
type Deps struct {
	Config       *config.Config
	Store        Pinger // for readiness only; writes go through Registration
	Registration *registration.Service
	Catalog      *web.Catalog
	Logger       *slog.Logger
	Registry     *prometheus.Registry
	// Pages are the parsed page templates; nil builds them from Catalog
	// (package main passes them, so that a broken template stops start-up
	// with an error).
	Pages *web.Pages
}

// Audience is one door of the service (the JSON API, the public pages,
// the staff console): it registers its routes, each group declaring how
// its errors are answered.
type Audience interface {
	Routes(r fiber.Router)
}

// Server is the core every audience's handlers embed: the dependencies
// they share and the Fiber application they are mounted on.
type Server struct {
	Config  *config.Config
	Reg     *registration.Service
	Catalog *web.Catalog
	Logger  *slog.Logger
	// SignupLimit is shared by the signup API and the signup form, so a
	// client gets one budget, not one per door.
	SignupLimit *RateLimiter

	store   Pinger
	metrics *httpMetrics
	app     *fiber.App
	cache   *publicCache // the answers of the public reads (publiccache.go)
	pages   *web.Pages   // the page templates
	assets  fs.FS        // the static files of the pages
}

// New builds the Fiber application with its middleware and the routes
// that belong to no audience (health, metrics, static assets). The
// audiences are added with Mount.
func New(d Deps) *Server {
	s := &Server{
		Config:  d.Config,
		Reg:     d.Registration,
		Catalog: d.Catalog,
		Logger:  d.Logger,
		// One budget per client IP for the API and the form together.
		SignupLimit: NewRateLimiter(d.Config.SignupRatePerMinute, time.Minute),
		store:       d.Store,
		metrics:     newHTTPMetrics(d.Registry),
		cache:       newPublicCache(),
		pages:       d.Pages,
		assets:      web.Static(),
	}
	if s.pages == nil {
		s.pages = web.MustPages(d.Catalog)
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "agora",
		ErrorHandler:          s.HandleError,
		BodyLimit:             BodyLimit,
		Immutable:             true, // handlers may keep strings from the request
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
	})
	// observe sits outside recover so that a panic is logged and counted
	// like any other internal error.
	s.app.Use(securityHeaders, s.requestID, s.language, s.observe, recover.New())
	s.app.Get("/healthz", s.healthz)
	s.app.Get("/readyz", s.readyz)
	s.app.Get("/metrics", s.metricsHandler(s.metrics.registry))
	s.app.Get("/static/:file", s.static)
	return s
}

// Mount registers the routes of each audience, in order, and then the
// catch-all 404 for requests none of them claims. Call it once.
func (s *Server) Mount(audiences ...Audience) {
	for _, a := range audiences {
		a.Routes(s.app)
	}
	s.app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

// App returns the Fiber application, for serving and for app.Test in tests.
func (s *Server) App() *fiber.App { return s.app }
