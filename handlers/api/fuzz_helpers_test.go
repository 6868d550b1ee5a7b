package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/handlers/httpx"
	"github.com/agora-events/agora/handlers/httpx/httpxtest"
	"github.com/agora-events/agora/models"
)

// The fuzz targets drive the real Fiber application with app.Test (no
// socket: thousands of requests a second) on a real store, so that what
// they prove — no panic, no 5xx, every bad input a 4xx with the contract's
// error body — holds for the whole path from bytes to the database.

// fuzzServer is the production server on a fresh database with a first
// admin, an organisation and a published activity that takes signups.
type fuzzServer struct {
	*httpx.Server
	adminToken string
	activityID string
}

const fuzzAdminEmail, fuzzAdminPassword = "fuzz-admin@example.org", "fuzz admin password 1"

func newFuzzServer(tb testing.TB) *fuzzServer {
	tb.Helper()
	p := httpxtest.New(tb, map[string]string{"SIGNUP_RATE_PER_MINUTE": "0", "LOGIN_RATE_PER_MINUTE": "0"}, io.Discard)
	reg := p.Registration
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := reg.EnsureFirstAdmin(ctx, fuzzAdminEmail, fuzzAdminPassword); err != nil {
		tb.Fatal(err)
	}
	core := httpx.New(httpx.Deps{Config: p.Config, Store: p.Store, Registration: reg, Catalog: p.Catalog,
		Logger: p.Logger, Registry: prometheus.NewRegistry()})
	core.Mount(New(core))
	s := &fuzzServer{Server: core}
	var login struct {
		Token string `json:"token"`
	}
	s.setUp(tb, "POST", "/api/v1/auth/login", map[string]string{"email": fuzzAdminEmail, "password": fuzzAdminPassword}, &login)
	s.adminToken = login.Token
	var org, act struct {
		ID string `json:"id"`
	}
	s.setUp(tb, "POST", "/api/v1/organisations", map[string]string{"name": "Fuzz library", "slug": "fuzz",
		"country": "PL", "timezone": "Europe/Warsaw", "default_language": "pl"}, &org)
	start := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	s.setUp(tb, "POST", "/api/v1/activities", map[string]any{"organisation_id": org.ID, "kind": "workshop",
		"title": map[string]string{"en": "Fuzzing"}, "starts_at": start, "ends_at": start.Add(time.Hour),
		"capacity": 100_000, "max_party_size": 4, "questions": []map[string]any{
			{"id": "diet", "type": "text", "label": map[string]string{"en": "Diet"}},
			{"id": "size", "type": "choice", "label": map[string]string{"en": "Size"}, "required": true,
				"options": []string{"S", "M", "L"}},
			{"id": "photo", "type": "boolean", "label": map[string]string{"en": "Photos?"}},
		}}, &act)
	s.activityID = act.ID
	s.setUp(tb, "POST", "/api/v1/activities/"+act.ID+"/publish", nil, nil)
	return s
}

// setUp sends a set-up request as the admin and decodes its 2xx answer.
func (s *fuzzServer) setUp(tb testing.TB, method, path string, body, out any) {
	tb.Helper()
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			tb.Fatal(err)
		}
	}
	res := s.send(tb, method, path, raw, "Authorization", "Bearer "+s.adminToken)
	if res.Status/100 != 2 {
		tb.Fatalf("set-up %s %s: %d %s", method, path, res.Status, res.Body)
	}
	if out != nil {
		if err := json.Unmarshal(res.Body, out); err != nil {
			tb.Fatal(err)
		}
	}
}

// send runs one request through the application, JSON body when not nil.
func (s *fuzzServer) send(tb testing.TB, method, target string, body []byte, headers ...string) result {
	tb.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://agora.test"+target, rd)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := s.App().Test(req, -1)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	return httpxtest.ReadResult(tb, res)
}

// wantNoServerError fails on a 5xx, and on a 4xx that is not the
// contract's error body (a validation error naming no field included).
func wantNoServerError(t *testing.T, r result, input any) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("status %d for %q: %s", r.Status, input, r.Body)
	}
	if r.Status < 400 {
		return
	}
	var b httpx.ErrorBody
	if err := json.Unmarshal(r.Body, &b); err != nil || b.Error.Code == "" || b.Error.Message == "" {
		t.Fatalf("status %d without a contract error body for %q: %s", r.Status, input, r.Body)
	}
	if b.Error.Code == models.ErrValidationFailed && len(b.Error.Fields) == 0 {
		t.Fatalf("validation_failed naming no field for %q: %s", input, r.Body)
	}
	if r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden {
		t.Fatalf("status %d for %q: the credentials were valid", r.Status, input)
	}
}

type result = httpxtest.Result
