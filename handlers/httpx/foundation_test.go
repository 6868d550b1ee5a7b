package httpx

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/agora-events/agora/handlers/httpx/httpxtest"
	"github.com/agora-events/agora/models"
)

// testServer is the real Server on a fresh database, serving HTTP on a
// loopback port, with its log kept for assertions.
type testServer struct {
	*Server
	url string
	log *syncBuffer
}

// newTestServer builds the production server, plus the extra routes (nil
// for none), which sit behind the production middleware and before the
// catch-all 404.
func newTestServer(t *testing.T, extra func(r fiber.Router)) *testServer {
	t.Helper()
	buf := &syncBuffer{}
	p := httpxtest.New(t, nil, buf)
	st := p.Store
	s := New(Deps{Config: p.Config, Store: st, Registration: p.Registration, Catalog: p.Catalog,
		Logger: p.Logger, Registry: prometheus.NewRegistry()})
	s.Mount(routeFunc(extra))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	t.Cleanup(func() {
		if err := s.App().Shutdown(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &testServer{Server: s, url: "http://" + ln.Addr().String(), log: buf}
}

// routeFunc registers test routes as an audience; nil registers none.
type routeFunc func(r fiber.Router)

func (f routeFunc) Routes(r fiber.Router) {
	if f != nil {
		f(r)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type result = httpxtest.Result

var readResult = httpxtest.ReadResult

// errorBody decodes the contract's error body, failing unless it is one.
func errorBody(t *testing.T, r result) ErrorDetail {
	t.Helper()
	var b ErrorBody
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil || b.Error.Code == "" || b.Error.Message == "" {
		t.Fatalf("not a contract error body (%v): %s", err, r.Body)
	}
	if ct := r.Header.Get(fiber.HeaderContentType); !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	return b.Error
}

// do sends one request to the server over HTTP.
func (s *testServer) do(t *testing.T, method, path string, body io.Reader) result {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return readResult(t, res)
}

func TestUnknownRoute(t *testing.T) {
	s := newTestServer(t, nil)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/no/such/thing"},
		{"GET", "/api/v1/no-such-resource"},
		{"POST", "/api/v1/no-such-resource"},
		{"DELETE", "/healthz"},
	} {
		t.Run("NotFound"+tc.method+tc.path, func(t *testing.T) {
			r := s.do(t, tc.method, tc.path, nil)
			if r.Status != http.StatusNotFound {
				t.Fatalf("status %d, want 404; body %s", r.Status, r.Body)
			}
			if e := errorBody(t, r); e.Code != models.ErrNotFound {
				t.Fatalf("code %q, want not_found", e.Code)
			}
			if r.Header.Get(fiber.HeaderXContentTypeOptions) != "nosniff" || r.Header.Get(fiber.HeaderXRequestID) == "" {
				t.Fatalf("middleware did not run on the 404: %v", r.Header)
			}
		})
	}
}

// secret stands for what must never reach a client: driver messages,
// addresses, credentials.
const secret = "mongodb://admin:hunter2@10.0.0.7:27017 connection refused"

func TestInternalErrors(t *testing.T) {
	s := newTestServer(t, func(r fiber.Router) {
		r.Get("/test/panic", func(*fiber.Ctx) error { panic(secret) })
		r.Get("/test/error", func(*fiber.Ctx) error { return errors.New(secret) })
		r.Get("/test/wrapped", func(*fiber.Ctx) error {
			return models.Errorf(models.ErrInternal, "store: %s", secret)
		})
	})
	for _, path := range []string{"/test/panic", "/test/error", "/test/wrapped"} {
		t.Run("Internal"+path, func(t *testing.T) {
			r := s.do(t, "GET", path, nil)
			if r.Status != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500; body %s", r.Status, r.Body)
			}
			e := errorBody(t, r)
			if e.Code != models.ErrInternal || e.Fields != nil {
				t.Fatalf("body %s, want code internal without fields", r.Body)
			}
			for _, leak := range []string{"hunter2", "mongodb", "10.0.0.7", "panic", "goroutine", ".go:"} {
				if bytes.Contains(r.Body, []byte(leak)) {
					t.Fatalf("body leaks %q: %s", leak, r.Body)
				}
			}
			// The operator, unlike the client, learns what happened.
			if !strings.Contains(s.log.String(), "10.0.0.7") {
				t.Fatalf("the internal error was not logged:\n%s", s.log.String())
			}
		})
	}
	t.Run("ServerSurvivesPanic", func(t *testing.T) {
		if r := s.do(t, "GET", "/healthz", nil); r.Status != http.StatusOK {
			t.Fatalf("healthz after a panic: %d", r.Status)
		}
	})
	t.Run("Translated", func(t *testing.T) {
		r := s.do(t, "GET", "/test/panic?lang=pl", nil)
		want := s.Catalog.T("pl", "error.internal", nil)
		if e := errorBody(t, r); e.Message != want {
			t.Fatalf("message %q, want %q", e.Message, want)
		}
	})
}

func TestRateLimitedHasRetryAfter(t *testing.T) {
	s := newTestServer(t, func(r fiber.Router) {
		r.Post("/test/limited", func(*fiber.Ctx) error {
			return &models.Error{Code: models.ErrRateLimited, RetryAfter: 42}
		})
	})
	r := s.do(t, "POST", "/test/limited", nil)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", r.Status)
	}
	if e := errorBody(t, r); e.Code != models.ErrRateLimited {
		t.Fatalf("code %q", e.Code)
	}
	if got := r.Header.Get(fiber.HeaderRetryAfter); got != "42" {
		t.Fatalf("Retry-After %q, want 42", got)
	}
}

func TestBodyLimit(t *testing.T) {
	s := newTestServer(t, func(r fiber.Router) {
		r.Post("/test/echo-length", func(c *fiber.Ctx) error {
			return c.JSON(fiber.Map{"length": len(c.Body())})
		})
	})
	t.Run("OKAtLimit", func(t *testing.T) {
		r := s.do(t, "POST", "/test/echo-length", bytes.NewReader(bytes.Repeat([]byte("a"), BodyLimit)))
		if r.Status != http.StatusOK || !bytes.Contains(r.Body, []byte(`"length":1048576`)) {
			t.Fatalf("status %d body %s", r.Status, r.Body)
		}
	})
	t.Run("ErrPayloadTooLarge", func(t *testing.T) {
		// The server answers as soon as it reads Content-Length, before
		// the body: a client that announces the body and waits gets its
		// answer at once. (A client sending the whole body first is
		// tested over the real app: TestBodyOverLimitSentWithoutWaiting.)
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := fmt.Fprintf(conn, "POST /test/echo-length HTTP/1.1\r\nHost: agora\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", BodyLimit+1); err != nil {
			t.Fatal(err)
		}
		if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		r := readResult(t, res)
		if r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413; body %.200s", r.Status, r.Body)
		}
		if e := errorBody(t, r); e.Code != models.ErrPayloadTooLarge {
			t.Fatalf("code %q, want payload_too_large", e.Code)
		}
	})
}
