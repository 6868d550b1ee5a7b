package main

import (
	"strings"
	"testing"
)

func TestHealth(t *testing.T) {
	a := startApp(t, map[string]string{"METRICS_TOKEN": testMetricsToken})
	t.Run("OK", func(t *testing.T) {
		a.must(200, "GET", "/healthz", nil)
		a.must(200, "GET", "/readyz", nil)
	})
	t.Run("UnknownRouteIsJSON404", func(t *testing.T) {
		r := a.must(404, "GET", "/no/such/thing", nil)
		if r.ErrorCode() != "not_found" {
			t.Fatalf("code %q, body %s", r.ErrorCode(), r.Body)
		}
	})
	t.Run("Metrics", func(t *testing.T) {
		a.must(200, "GET", "/healthz", nil) // a request to count, whatever ran before
		r := a.must(200, "GET", "/metrics", nil, bearer(testMetricsToken)...)
		if !strings.Contains(string(r.Body), "agora_http_requests_total") {
			t.Fatalf("no request counter in metrics:\n%.500s", r.Body)
		}
	})
}
