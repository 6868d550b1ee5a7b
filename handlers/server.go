// Package handlers is Agora's HTTP face: the JSON API, the public pages and
// the staff console, their middleware, and the one place where application
// errors become HTTP answers. Handlers decode, validate, call a use case of
// package registration, and respond; they hold no business rules.
package handlers

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

// Server holds the dependencies every handler method uses.
type Server struct {
	cfg     *config.Config
	store   Pinger
	reg     *registration.Service
	catalog *web.Catalog
	logger  *slog.Logger
	metrics *httpMetrics
	app     *fiber.App
	// signupLimit is shared by the signup API and the signup form, so a
	// client gets one budget, not one per door.
	signupLimit *RateLimiter
	// cache keeps the answers of the public reads (publiccache.go).
	cache *publicCache

	// renderErrorPage, when set by the pages, renders errors of page
	// requests as HTML instead of JSON.
	renderErrorPage func(c *fiber.Ctx, status int, e errorDetail) error

	pages  *web.Pages // the public pages' templates
	assets fs.FS      // the static files of the pages
}

// New builds the Fiber application with every route and middleware.
func New(d Deps) *Server { return newServer(d, nil) }

// newServer is New with extra routes registered after the real ones and
// before the catch-all 404, so that tests can add a misbehaving route (one
// that panics, say) behind the production middleware without it ever
// existing in production.
func newServer(d Deps, extra func(r fiber.Router)) *Server {
	s := &Server{
		cfg:     d.Config,
		store:   d.Store,
		reg:     d.Registration,
		catalog: d.Catalog,
		logger:  d.Logger,
		metrics: newHTTPMetrics(d.Registry),
		pages:   d.Pages,
		// One budget per client IP for the API and the form together.
		signupLimit: NewRateLimiter(d.Config.SignupRatePerMinute, time.Minute),
		cache:       newPublicCache(),
	}
	if s.pages == nil {
		s.pages = web.MustPages(d.Catalog)
	}
	s.assets = web.Static()
	s.app = fiber.New(fiber.Config{
		AppName:               "agora",
		ErrorHandler:          s.errorHandler,
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
	s.routes()
	if extra != nil {
		extra(s.app)
	}
	s.app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return s
}

// App returns the Fiber application, for serving and for app.Test in tests.
func (s *Server) App() *fiber.App { return s.app }

// routes registers every endpoint. Each resource's handlers live in a file
// of their own; openapi_test.go checks that each route here is documented.
func (s *Server) routes() {
	s.app.Get("/healthz", s.healthz)
	s.app.Get("/readyz", s.readyz)
	s.app.Get("/metrics", s.metricsHandler(s.metrics.registry))
	s.app.Get("/api/openapi.json", s.openAPI)
	s.authRoutes()
	s.organisationRoutes()
	s.activityRoutes()
	s.signupRoutes()
	s.messageRoutes()
	s.outboxRoutes()
	s.auditRoutes()
	s.reportRoutes()
	s.pageRoutes()
	s.staffRoutes()
}
