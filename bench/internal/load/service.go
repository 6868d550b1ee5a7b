package load

import (
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/handlers/api"
	"github.com/agora-events/agora/handlers/console"
	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/public"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// BaseURL is the public address the in-process service believes it has
// (links in emails); requests go to the loopback port Serve picked.
const BaseURL = "https://agora.example.org"

// Service is the real service wired as package main wires it (catalog,
// renderer, outbox, registration, handlers) on a bench's store, without
// the rate limits, which would refuse a bench's storm by design.
type Service struct {
	Config   *config.Config
	Catalog  *web.Catalog
	Renderer *notifications.Renderer
	Outbox   *notifications.Outbox
	Reg      *registration.Service
	Server   *httpx.Server
}

// SecretKey derives the manage tokens of the in-process service; a bench
// that hands its data to the built binary gives it the same SECRET_KEY.
var SecretKey = strings.Repeat("bench-secret-", 4)

// NewService builds the service on st, with the clock now (nil: the
// real one; seeding moves it to sign people up for past activities).
func NewService(st Store, logger *slog.Logger, now func() time.Time) (*Service, error) {
	env := map[string]string{"SIGNUP_RATE_PER_MINUTE": "0", "LOGIN_RATE_PER_MINUTE": "0", "BASE_URL": BaseURL}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	cat, err := web.NewCatalog()
	if err != nil {
		return nil, err
	}
	renderer, err := notifications.NewRenderer(cat)
	if err != nil {
		return nil, err
	}
	links := routes.Links(cfg.BaseURL)
	outbox, err := notifications.NewOutbox(notifications.OutboxOptions{Store: st, Renderer: renderer, BaseURL: cfg.BaseURL,
		ManageLink: links.Manage, Now: now})
	if err != nil {
		return nil, err
	}
	reg := registration.New(registration.Options{Store: st, Logger: logger, Mail: outbox,
		SecretKey: SecretKey, Links: links, Now: now})
	pages, err := web.NewPages(cat)
	if err != nil {
		return nil, err
	}
	srv := httpx.New(httpx.Deps{Config: cfg, Store: st, Registration: reg, Catalog: cat, Logger: logger,
		Registry: prometheus.NewRegistry(), Pages: pages})
	srv.Mount(api.New(srv), public.New(srv), console.New(srv))
	return &Service{Config: cfg, Catalog: cat, Renderer: renderer, Outbox: outbox, Reg: reg, Server: srv}, nil
}

// Serve serves the service's HTTP on a loopback port; see Serve.
func (s *Service) Serve() (string, func(), error) { return Serve(s.Server.App()) }
