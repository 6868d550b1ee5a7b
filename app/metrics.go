package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// storeStatsEvery is how long a reading of the store gauges is reused:
// scrapes (several Prometheus servers, a curious human) never cost more
// than one ping and two collection counts per period.
const storeStatsEvery = 15 * time.Second

// storeHealth is what the gauges read of the store.
type storeHealth interface {
	Ping(ctx context.Context) error
	OutboxBacklog(ctx context.Context) (waiting, failed int64, err error)
}

// storeStats reads the store's health and the outbox backlog for the
// gauges, at most once per storeStatsEvery.
type storeStats struct {
	ctx    context.Context // the service's; a scrape carries none
	st     storeHealth
	logger *slog.Logger

	mu              sync.Mutex
	at              time.Time
	up              float64
	pending, failed float64
}

// registerStoreGauges adds agora_store_up and agora_outbox_emails{state}
// to reg.
func registerStoreGauges(ctx context.Context, reg prometheus.Registerer, st storeHealth, logger *slog.Logger) {
	s := &storeStats{ctx: context.WithoutCancel(ctx), st: st, logger: logger}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "agora_store_up",
			Help: "1 when the store answered a ping at the last reading (at most 15 s old), else 0."},
			func() float64 { return s.read().up }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "agora_outbox_emails",
			Help:        "Emails in the outbox by state: pending (waiting or being sent) and failed for good; at most 15 s old.",
			ConstLabels: prometheus.Labels{"state": "pending"}},
			func() float64 { return s.read().pending }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "agora_outbox_emails",
			Help:        "Emails in the outbox by state: pending (waiting or being sent) and failed for good; at most 15 s old.",
			ConstLabels: prometheus.Labels{"state": "failed"}},
			func() float64 { return s.read().failed }),
	)
}

type storeReading struct{ up, pending, failed float64 }

// read returns the cached reading, refreshing it when older than
// storeStatsEvery. The lock is held while refreshing so that concurrent
// scrapes wait for one refresh instead of each querying the store. When
// the counts fail, the last known counts are kept and up drops to 0.
func (s *storeStats) read() storeReading {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.at.IsZero() && time.Since(s.at) < storeStatsEvery {
		return storeReading{s.up, s.pending, s.failed}
	}
	ctx, cancel := context.WithTimeout(s.ctx, 2*time.Second)
	defer cancel()
	s.at, s.up = time.Now(), 0
	if err := s.st.Ping(ctx); err != nil {
		s.logger.Warn("metrics: store does not answer", "err", err)
		return storeReading{s.up, s.pending, s.failed}
	}
	s.up = 1
	pending, failed, err := s.st.OutboxBacklog(ctx)
	if err != nil {
		s.logger.Warn("metrics: counting the outbox failed", "err", err)
		return storeReading{s.up, s.pending, s.failed}
	}
	s.pending, s.failed = float64(pending), float64(failed)
	return storeReading{s.up, s.pending, s.failed}
}

// serveMetrics starts the listener of METRICS_ADDR, when set, which serves
// /metrics apart from the public port (a port the firewall keeps to the
// monitoring network); stop ends it within SHUTDOWN_TIMEOUT. With neither
// METRICS_ADDR nor METRICS_TOKEN, metrics are off, and the log says how
// to turn them on.
func (m *Main) serveMetrics(ctx context.Context) (stop func() error, err error) {
	if m.cfg.MetricsAddr == "" {
		if m.cfg.MetricsToken == "" {
			m.logger.Info("GET /metrics is off: set METRICS_TOKEN (bearer token on the main port) or METRICS_ADDR (a listener of its own)")
		}
		return func() error { return nil }, nil
	}
	ln, err := net.Listen("tcp", m.cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR: %w", err)
	}
	srv := &http.Server{Handler: m.server.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(m.logger.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	m.logger.Info("metrics are served apart", "addr", ln.Addr().String(), "token", m.cfg.MetricsToken != "")
	return func() error {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), m.cfg.ShutdownTimeout)
		defer cancel()
		err := srv.Shutdown(ctx)
		if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) {
			err = errors.Join(err, fmt.Errorf("metrics listener: %w", serveErr))
		}
		return err
	}, nil
}
