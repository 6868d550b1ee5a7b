package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/httpx/httpxtest"
)

// fiberParam matches a Fiber path parameter (":id", ":id?", ":id<int>")
// and fiberWildcard a wildcard segment ("*" or "+").
var (
	fiberParam    = regexp.MustCompile(`:([A-Za-z0-9_]+)(<[^>]*>)?\??`)
	fiberWildcard = regexp.MustCompile(`[*+][0-9]*`)
)

// openAPIPath turns a Fiber route path into its OpenAPI form:
// /activities/:id.ics becomes /activities/{id}.ics, and a wildcard, which
// OpenAPI cannot express, becomes {path}.
func openAPIPath(fiberPath string) string {
	p := fiberParam.ReplaceAllString(fiberPath, "{$1}")
	return fiberWildcard.ReplaceAllString(p, "{path}")
}

func TestOpenAPIPath(t *testing.T) {
	for in, want := range map[string]string{
		"/healthz":                                "/healthz",
		"/api/v1/activities/:id":                  "/api/v1/activities/{id}",
		"/api/v1/activities/:id.ics":              "/api/v1/activities/{id}.ics",
		"/api/v1/organisations/:org_id/users":     "/api/v1/organisations/{org_id}/users",
		"/api/v1/signups/:manage_token/cancel":    "/api/v1/signups/{manage_token}/cancel",
		"/static/*":                               "/static/{path}",
		"/api/v1/activities/:id<minLen(1)>/x/:y?": "/api/v1/activities/{id}/x/{y}",
	} {
		if got := openAPIPath(in); got != want {
			t.Errorf("openAPIPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOpenAPIDocumentsEveryRoute keeps /api/openapi.json in step with the
// routes: every method and path the server answers is documented, and
// nothing documented is missing from the server.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	s := newTestHTTP(t)
	res, err := s.App().Test(httptest.NewRequest("GET", "/api/openapi.json", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", res.StatusCode, err)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q, want 3.x", doc.OpenAPI)
	}

	registered := map[string]bool{} // "get /path"
	for _, route := range s.App().GetRoutes(true) {
		if route.Method == http.MethodHead || route.Method == http.MethodOptions || route.Method == "CONNECT" ||
			route.Method == "TRACE" {
			continue
		}
		registered[strings.ToLower(route.Method)+" "+openAPIPath(route.Path)] = true
	}
	if len(registered) == 0 {
		t.Fatal("no routes found")
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "get", "put", "post", "delete", "patch":
				documented[method+" "+path] = true
			}
		}
	}
	var undocumented, stale []string
	for k := range registered {
		if !documented[k] {
			undocumented = append(undocumented, k)
		}
	}
	for k := range documented {
		if !registered[k] {
			stale = append(stale, k)
		}
	}
	slices.Sort(undocumented)
	slices.Sort(stale)
	if len(undocumented) > 0 {
		t.Errorf("routes missing from handlers/api/openapi.json:\n  %s", strings.Join(undocumented, "\n  "))
	}
	if len(stale) > 0 {
		t.Errorf("handlers/api/openapi.json documents routes the server does not have:\n  %s", strings.Join(stale, "\n  "))
	}
}

// newTestHTTP is the HTTP layer as package main mounts it (newHTTP), on a
// fresh store, without a listener: for tests of what is mounted.
func newTestHTTP(t *testing.T) *httpx.Server {
	t.Helper()
	p := httpxtest.New(t, nil, io.Discard)
	return newHTTP(httpx.Deps{Config: p.Config, Store: p.Store, Registration: p.Registration, Catalog: p.Catalog,
		Logger: p.Logger, Registry: prometheus.NewRegistry()})
}
