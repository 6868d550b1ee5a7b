package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/store/mongo/mongotest"
)

// testMetricsToken is the METRICS_TOKEN of the tests that read metrics.
const testMetricsToken = "metrics-token-for-tests-0123456789abcdef"

// metricValue returns the value of the sample named exactly series (name
// and labels as exposed, e.g. `agora_store_up` or
// `agora_outbox_emails{state="pending"}`) in a Prometheus text exposition.
func metricValue(t testing.TB, body, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("%s: %v", series, err)
			}
			return f
		}
	}
	t.Fatalf("no %s in metrics:\n%s", series, body)
	return 0
}

// TestMetrics: with the mail server down, one signup leaves one email
// pending; /metrics shows it, the store as up, and request latencies by
// route and status.
func TestMetrics(t *testing.T) {
	a := startApp(t, map[string]string{"SMTP_URL": fmt.Sprintf("smtp://127.0.0.1:%d?tls=none", freePort(t)),
		"METRICS_TOKEN": testMetricsToken})
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, nil))
	a.signUp(t, act.ID, signupBody("metrics@example.org", nil))
	a.must(200, "GET", "/healthz", nil)
	body := string(a.must(200, "GET", "/metrics", nil, bearer(testMetricsToken)...).Body)

	t.Run("LatencyByRouteAndStatus", func(t *testing.T) {
		for _, want := range []string{
			`agora_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} `,
			`agora_http_request_duration_seconds_count{method="POST",route="/api/v1/activities/:id/signups",status="201"} `,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("no %s in metrics:\n%s", want, body)
			}
		}
	})
	t.Run("StoreUp", func(t *testing.T) {
		if v := metricValue(t, body, "agora_store_up"); v != 1 {
			t.Fatalf("agora_store_up = %v, want 1", v)
		}
	})
	t.Run("OutboxPending", func(t *testing.T) {
		if v := metricValue(t, body, `agora_outbox_emails{state="pending"}`); v != 1 {
			t.Fatalf("pending = %v, want 1 (the confirmation the mail server refused)", v)
		}
		if v := metricValue(t, body, `agora_outbox_emails{state="failed"}`); v != 0 {
			t.Fatalf("failed = %v, want 0", v)
		}
	})
}

// TestMetricsAccess: metrics are for operators. On the public port
// /metrics exists only with METRICS_TOKEN, and answers only that bearer
// token; METRICS_ADDR serves it on a listener of its own instead.
func TestMetricsAccess(t *testing.T) {
	wantExposition := func(t *testing.T, r *response) {
		t.Helper()
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") ||
			!strings.Contains(string(r.Body), "agora_http_requests_total") {
			t.Fatalf("status %d, Content-Type %q, want the text exposition:\n%.300s",
				r.Status, r.Header.Get("Content-Type"), r.Body)
		}
	}
	t.Run("OffByDefault", func(t *testing.T) {
		a := startApp(t, nil)
		wantError(t, a.do("GET", "/metrics", nil), 404, "not_found")
		wantError(t, a.do("GET", "/metrics", nil, bearer(testMetricsToken)...), 404, "not_found")
	})
	t.Run("Token", func(t *testing.T) {
		a := startApp(t, map[string]string{"METRICS_TOKEN": testMetricsToken})
		t.Run("ErrNoToken", func(t *testing.T) {
			r := a.do("GET", "/metrics", nil)
			wantError(t, r, 401, "unauthorized")
			if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("WWW-Authenticate %q", r.Header.Get("WWW-Authenticate"))
			}
		})
		t.Run("ErrWrongToken", func(t *testing.T) {
			for _, h := range [][]string{
				bearer(testMetricsToken + "x"),
				bearer(testMetricsToken[:len(testMetricsToken)-1]),
				bearer(""),
				{"Authorization", "Basic " + testMetricsToken},
				{"Authorization", testMetricsToken},
			} {
				wantError(t, a.do("GET", "/metrics", nil, h...), 401, "unauthorized")
			}
			// A staff session is not a metrics token.
			wantError(t, a.do("GET", "/metrics", nil, bearer(a.adminToken(t))...), 401, "unauthorized")
		})
		t.Run("OK", func(t *testing.T) {
			wantExposition(t, a.do("GET", "/metrics", nil, bearer(testMetricsToken)...))
			wantExposition(t, a.do("GET", "/metrics", nil, "Authorization", "bearer "+testMetricsToken))
		})
	})
	t.Run("SeparateAddr", func(t *testing.T) {
		metricsURL := fmt.Sprintf("http://127.0.0.1:%d", freePort(t))
		a := startApp(t, map[string]string{"METRICS_ADDR": strings.TrimPrefix(metricsURL, "http://"),
			"METRICS_TOKEN": testMetricsToken})
		wantError(t, a.do("GET", "/metrics", nil, bearer(testMetricsToken)...), 404, "not_found")
		apart := &testApp{t: t, URL: metricsURL, client: a.client}
		wantError(t, apart.do("GET", "/metrics", nil), 401, "unauthorized")
		wantExposition(t, apart.do("GET", "/metrics", nil, bearer(testMetricsToken)...))
		wantError(t, apart.do("GET", "/api/v1/activities", nil, bearer(testMetricsToken)...), 404, "not_found")
	})
	t.Run("SeparateAddrWithoutToken", func(t *testing.T) {
		metricsURL := fmt.Sprintf("http://127.0.0.1:%d", freePort(t))
		a := startApp(t, map[string]string{"METRICS_ADDR": strings.TrimPrefix(metricsURL, "http://")})
		wantError(t, a.do("GET", "/metrics", nil), 404, "not_found")
		wantExposition(t, (&testApp{t: t, URL: metricsURL, client: a.client}).do("GET", "/metrics", nil))
	})
}

// TestMetricsStoreDown: agora_store_up reads 0 once the store does not
// answer, and the reading is reused for storeStatsEvery rather than
// querying the store at every scrape.
func TestMetricsStoreDown(t *testing.T) {
	st := mongotest.New(t)
	reg := prometheus.NewRegistry()
	registerStoreGauges(t.Context(), reg, st, mongotest.Logger())
	up := func() float64 {
		t.Helper()
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			if mf.GetName() == "agora_store_up" {
				return mf.GetMetric()[0].GetGauge().GetValue()
			}
		}
		t.Fatal("no agora_store_up")
		return 0
	}
	if v := up(); v != 1 {
		t.Fatalf("up = %v before closing, want 1", v)
	}
	if err := st.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Run("Cached", func(t *testing.T) {
		if v := up(); v != 1 {
			t.Fatalf("up = %v within %v of the last reading, want the cached 1", v, storeStatsEvery)
		}
	})
	t.Run("Down", func(t *testing.T) {
		s := &storeStats{ctx: t.Context(), st: st, logger: mongotest.Logger()}
		if r := s.read(); r.up != 0 {
			t.Fatalf("up = %v with the store closed, want 0", r.up)
		}
	})
}
