// Package api is the JSON API under /api/: activities, signups, messages,
// organisations and staff accounts, the outbox, audit and reports, with
// the OpenAPI document that describes it. Every error it returns is the
// contract's JSON body (API.md). Its response types are its own, mapped
// from the results of package registration.
package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/agora-events/agora/handlers/httpx"
)

// Server holds the API's handlers over the shared core.
type Server struct {
	*httpx.Server
}

// New returns the API, to be mounted on core.
func New(core *httpx.Server) *Server { return &Server{Server: core} }

// Routes registers every endpoint under /api; the whole prefix answers
// errors as JSON, unknown paths included. Each resource's handlers live in
// a file of their own.
func (s *Server) Routes(r fiber.Router) {
	r.Use("/api", httpx.ErrorsAs(httpx.JSONError))
	r.Get("/api/openapi.json", s.openAPI)
	s.authRoutes(r)
	s.organisationRoutes(r)
	s.activityRoutes(r)
	s.signupRoutes(r)
	s.seriesRoutes(r)
	s.messageRoutes(r)
	s.outboxRoutes(r)
	s.auditRoutes(r)
	s.reportRoutes(r)
	s.certificateRoutes(r)
}
