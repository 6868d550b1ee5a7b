package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/agora-events/agora/config"
	"github.com/agora-events/agora/handlers/api"
	staffconsole "github.com/agora-events/agora/handlers/console"
	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/public"
	"github.com/agora-events/agora/handlers/routes"
	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications"
	"github.com/agora-events/agora/registration"
	"github.com/agora-events/agora/web"
)

// Main is the running service: every long-lived dependency, built once.
type Main struct {
	cfg    *config.Config
	logger *slog.Logger
	store  appStore
	reg    *registration.Service
	server *httpx.Server
	// outbox queues emails; delivery sends them.
	outbox   *notifications.Outbox
	delivery *notifications.Delivery
}

// NewMain loads the configuration and builds every dependency. A bad
// setting stops it with a message naming the variable.
func NewMain(ctx context.Context, getenv func(string) string, logOut io.Writer) (*Main, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	if cfg.Embedded() {
		// Data of the previous embedded store is never opened as new: the
		// operator migrates it (the message names the command).
		if err := checkLegacyDataDir(cfg.DataDir); err != nil {
			return nil, err
		}
	}
	logger := newLogger(cfg, logOut)
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("DATA_DIR: %w", err)
	}
	if cfg.SecretKey == "" {
		if cfg.SecretKey, err = loadOrCreateSecret(cfg.DataDir); err != nil {
			return nil, fmt.Errorf("SECRET_KEY: %w", err)
		}
	}
	catalog, err := web.NewCatalog()
	if err != nil {
		return nil, err
	}
	pages, err := web.NewPages(catalog) // a broken template stops start-up here
	if err != nil {
		return nil, err
	}
	st, err := openStore(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	outbox, delivery, err := newMail(cfg, st, catalog, logger)
	if err != nil {
		_ = st.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	reg := registration.New(registration.Options{Store: st, Logger: logger,
		SecretKey: cfg.SecretKey, Links: routes.Links(cfg.BaseURL), LoginRatePerMinute: cfg.LoginRatePerMinute,
		ChangeNoticeDelay:  cfg.ChangeNoticeDelay,
		CheckInOpensBefore: cfg.CheckInOpensBefore, Mail: outbox, MailCopies: delivery})
	if created, err := reg.EnsureFirstAdmin(ctx, cfg.AdminEmail, cfg.AdminPassword); err != nil {
		_ = st.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("first admin: %w", err)
	} else if created {
		logger.Info("created the first admin account", "email", models.MaskEmail(cfg.AdminEmail))
	}
	// Only the embedded store is seeded: a MONGODB_URI names a database
	// someone runs on purpose, never to be filled with samples.
	if cfg.DemoData == "auto" && cfg.MongoURI == "" {
		if seeded, err := reg.SeedDemo(ctx); err != nil {
			_ = st.Close(context.WithoutCancel(ctx))
			return nil, fmt.Errorf("demo data: %w", err)
		} else if seeded {
			logger.Info("seeded demo activities into the empty embedded store (DEMO_DATA=false turns this off)")
		}
	}
	// Finish what a crash may have left half done (signups between steps,
	// seat counters) before taking requests. A failure is logged, not
	// fatal: the scheduler runs the same repair again.
	if err := reg.ReconcileAtStart(ctx); err != nil {
		logger.Error("start-up reconcile failed; the scheduler will retry", "err", err)
	}
	// Offers that ran out while the process was down pass on now.
	if err := reg.ExpireOffers(ctx); err != nil {
		logger.Error("start-up expiry of place offers failed; the scheduler will retry", "err", err)
	}
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreGauges(ctx, registry, st, logger)
	registerLoginMetrics(registry, reg)
	server := newHTTP(httpx.Deps{Config: cfg, Store: st, Registration: reg, Catalog: catalog,
		Logger: logger, Registry: registry, Pages: pages})
	return &Main{cfg: cfg, logger: logger, store: st, reg: reg, server: server,
		outbox: outbox, delivery: delivery}, nil
}

// Serve listens on ADDR until ctx ends, then shuts down in order.
func (m *Main) Serve(ctx context.Context, ready chan<- string) error {
	ln, err := net.Listen("tcp", m.cfg.Addr)
	if err != nil {
		_ = m.store.Close(context.WithoutCancel(ctx))
		return fmt.Errorf("ADDR: %w", err)
	}
	stopMetrics, err := m.serveMetrics(ctx)
	if err != nil {
		_ = ln.Close()
		_ = m.store.Close(context.WithoutCancel(ctx))
		return err
	}
	m.logger.Info("agora is listening", "addr", ln.Addr().String(), "url", m.cfg.BaseURL)
	if ready != nil {
		ready <- ln.Addr().String()
	}

	workers, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	m.startWorkers(workers, &wg)

	serveErr := make(chan error, 1)
	go func() { serveErr <- m.server.Serve(ln) }()

	select {
	case err := <-serveErr:
		stopWorkers()
		wg.Wait()
		_ = m.store.Close(context.WithoutCancel(ctx))
		return errors.Join(err, stopMetrics())
	case <-ctx.Done():
	}
	m.logger.Info("shutting down: draining requests")
	shutdownErr := errors.Join(m.drain(serveErr), stopMetrics())
	m.logger.Info("shutting down: stopping workers")
	stopWorkers()
	wg.Wait()
	closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), m.cfg.ShutdownTimeout)
	defer cancel()
	m.logger.Info("shutting down: closing the store")
	return errors.Join(shutdownErr, m.store.Close(closeCtx))
}

// startWorkers starts the background loops (outbox delivery, scheduler);
// each stops when ctx ends and marks wg done.
func (m *Main) startWorkers(ctx context.Context, wg *sync.WaitGroup) {
	m.startDelivery(ctx, wg)
	m.startScheduler(ctx, wg)
}

func newLogger(cfg *config.Config, out io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(maskingHandler{slog.NewJSONHandler(out, opts)})
	}
	return slog.New(maskingHandler{slog.NewTextHandler(out, opts)})
}

// newHTTP builds the HTTP core and mounts its three doors on it: the JSON
// API, the public pages and the staff console. Each audience answers its
// errors in its own form; what none claims is answered by negotiation.
func newHTTP(d httpx.Deps) *httpx.Server {
	server := httpx.New(d)
	server.Mount(api.New(server), public.New(server), staffconsole.New(server))
	return server
}
