package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agora-events/agora/store/mongo/mongotest"
)

// Test credentials of the first admin every test app creates.
const (
	testAdminEmail    = "admin@example.org"
	testAdminPassword = "correct horse battery staple"
)

// testApp is the whole service, started in-process on a free loopback port
// against a fresh database of the shared test store.
type testApp struct {
	t      testing.TB
	URL    string
	env    map[string]string
	client *http.Client
	// main is the running service, for what a test must read beside the
	// HTTP answers (the outbox a mailbox waits on); nil for a testApp that
	// talks to a separate process.
	main *Main
	// stop shuts the service down (once; the test's end does it too), so
	// that a test may start it again on the same DATA_DIR.
	stop func()
}

// mongoEnv points a test app at a fresh database of the shared test
// MongoDB (the embedded FerretDB, or MONGODB_TEST_URI): for tests of what
// several instances sharing one database do, which only MongoDB allows
// (the embedded store locks its data directory to one process).
func mongoEnv(t testing.TB) map[string]string {
	t.Helper()
	return map[string]string{"MONGODB_URI": mongotest.URI(t), "MONGODB_DATABASE": mongotest.NewDatabaseName()}
}

// startApp runs the service with test defaults overridden by env, and stops
// it when the test ends. Defaults: a fresh database, a temporary DATA_DIR,
// no demo data, no signup rate limit, a first admin.
func startApp(t testing.TB, env map[string]string) *testApp {
	t.Helper()
	return startAppLogging(t, env, testLogWriter{t})
}

// startAppLogging is startApp with the service's log written to logOut,
// for tests about what is logged.
func startAppLogging(t testing.TB, env map[string]string, logOut io.Writer) *testApp {
	t.Helper()
	full := map[string]string{
		"ADDR": "127.0.0.1:0",
		// A loaded test machine may still be answering a burst of
		// requests when the test ends; production's 10s is for production.
		"SHUTDOWN_TIMEOUT":       "45s",
		"DATA_DIR":               t.TempDir(),
		"DEMO_DATA":              "false",
		"LOG_LEVEL":              "warn",
		"SIGNUP_RATE_PER_MINUTE": "0",
		"LOGIN_RATE_PER_MINUTE":  "0",
		"CHANGE_NOTICE_DELAY":    "0s",
		// Most tests check people in to activities days ahead; the tests
		// of the window itself pass "" for the default (2h).
		"CHECKIN_OPENS_BEFORE": "720h",
		"ADMIN_EMAIL":          testAdminEmail,
		"ADMIN_PASSWORD":       testAdminPassword,
	}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	// What Run does, keeping the Main.
	m, err := NewMain(ctx, func(k string) string { return full[k] }, logOut)
	if err != nil {
		cancel()
		t.Fatalf("app did not start: %v", err)
	}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("app did not start: %v", err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("app did not start within 60s")
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("app shutdown: %v", err)
				}
			case <-time.After(60 * time.Second):
				t.Error("app did not stop within 60s")
			}
		})
	}
	t.Cleanup(stop)
	return &testApp{t: t, URL: "http://" + addr, env: full, main: m, stop: stop,
		client: &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}}
}

// testLogWriter sends the app's log lines to the test log.
type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// response is a fully read HTTP answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it is not JSON.
func (r *response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("body is not JSON (%v): %s", err, r.Body)
	}
}

// ErrorCode returns the code of a contract error body, or "".
func (r *response) ErrorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// do sends a request. body may be nil, a string or []byte (sent as is), or
// any other value (sent as JSON). headers are name, value pairs.
func (a *testApp) do(method, path string, body any, headers ...string) *response {
	a.t.Helper()
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, contentType = strings.NewReader(b), "application/json"
	case []byte:
		rd, contentType = bytes.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd, contentType = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, a.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return a.roundTrip(req, headers)
}

// must sends a request and fails the test unless the status is want.
func (a *testApp) must(want int, method, path string, body any, headers ...string) *response {
	a.t.Helper()
	r := a.do(method, path, body, headers...)
	if r.Status != want {
		a.t.Fatalf("%s %s: status %d, want %d; body: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// bearer returns the Authorization header pair for a token.
func bearer(token string) []string { return []string{"Authorization", "Bearer " + token} }

// announceBody sends a request whose headers announce a body of length
// bytes that never comes, and returns the answer the server gives on the
// headers alone (for body-limit tests: the 413 must not wait for a body).
func (a *testApp) announceBody(method, path string, length int64, headers ...string) *response {
	a.t.Helper()
	body, never := io.Pipe()
	defer never.Close()
	req, err := http.NewRequest(method, a.URL+path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	req.ContentLength = length
	req.Header.Set("Content-Type", "application/json")
	return a.roundTrip(req, headers)
}

// roundTrip sets headers (name, value pairs) on req, sends it and reads
// the whole answer. Every request helper of the tests ends here.
func (a *testApp) roundTrip(req *http.Request, headers []string) *response {
	a.t.Helper()
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := a.client.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: raw}
}
