package httpx

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/agora-events/agora/models"
)

// httpMetrics are the request counters and latencies by method, route and
// status. route is the Fiber route pattern (never the raw path), so the
// number of series stays bounded by the routes the server declares.
type httpMetrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) *httpMetrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &httpMetrics{
		registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "agora_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "agora_http_request_duration_seconds", Help: "HTTP request latency by method, route and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "status"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

func (m *httpMetrics) observe(method, route string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.latency.WithLabelValues(method, route, code).Observe(d.Seconds())
}

// The metrics tell how busy the service is, what fails and the size of
// the mail backlog: operators' business, not the public's. So /metrics on
// the public port exists only with METRICS_TOKEN set (and answers only
// with it as a bearer token), and not at all when METRICS_ADDR serves
// metrics on a listener of their own; with neither set, metrics are off.

// metricsHandler is /metrics on the public port: 404, as for any unknown
// path, unless METRICS_TOKEN is set and METRICS_ADDR is not; then 401
// without the token.
func (s *Server) metricsHandler(reg *prometheus.Registry) fiber.Handler {
	expose := adaptor.HTTPHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return func(c *fiber.Ctx) error {
		if s.Config.MetricsToken == "" || s.Config.MetricsAddr != "" {
			return fiber.ErrNotFound
		}
		if !s.metricsAuthorized(c.Get(fiber.HeaderAuthorization)) {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
			return models.Errorf(models.ErrUnauthorized, "no valid metrics token")
		}
		return expose(c)
	}
}

// MetricsHandler serves GET /metrics on the listener of METRICS_ADDR,
// behind METRICS_TOKEN when that is set too, and 404 for anything else.
func (s *Server) MetricsHandler() http.Handler {
	expose := promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		if !s.metricsAuthorized(r.Header.Get(fiber.HeaderAuthorization)) {
			w.Header().Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
			s.writePlainError(w, http.StatusUnauthorized, models.ErrUnauthorized)
			return
		}
		expose.ServeHTTP(w, r)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		s.writePlainError(w, http.StatusNotFound, models.ErrNotFound)
	})
	return mux
}

// metricsAuthorized reports whether an Authorization header carries
// METRICS_TOKEN as its bearer token; with no METRICS_TOKEN, anything
// does. Both sides are hashed first, so the constant-time comparison
// does not reveal the token's length either.
func (s *Server) metricsAuthorized(authorization string) bool {
	if s.Config.MetricsToken == "" {
		return true
	}
	scheme, token, ok := strings.Cut(authorization, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	want := sha256.Sum256([]byte(s.Config.MetricsToken))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// writePlainError writes the contract's error body, in English, from a
// net/http handler (the metrics listener has no request language).
func (s *Server) writePlainError(w http.ResponseWriter, status int, code string) {
	w.Header().Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	w.Header().Set(fiber.HeaderXContentTypeOptions, "nosniff")
	w.WriteHeader(status)
	body := ErrorBody{Error: ErrorDetail{Code: code, Message: s.Catalog.T(models.DefaultLanguage, "error."+code, nil)}}
	_ = json.NewEncoder(w).Encode(body) // the status is out; a failed write has no one to tell
}

// slogLevelFor logs server errors as errors and everything else at debug,
// so that a busy instance's log shows what matters.
func slogLevelFor(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelInfo
	default:
		return slog.LevelDebug
	}
}
