package httpx

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/agora-events/agora/models"
)

// TestNoPathInLogs: an internal error or a panic on a route whose path
// carries a secret is logged with the route pattern, never the path; an
// error raised before routing (by the HTTP layer) with no route at all.
func TestNoPathInLogs(t *testing.T) {
	const token = "s3cr3tT0kenInThePathXYZ"
	s := newTestServer(t, func(r fiber.Router) {
		r.Get("/test/signups/:token/panic", func(*fiber.Ctx) error { panic("boom") })
		r.Get("/test/signups/:token/error", func(*fiber.Ctx) error { return errors.New("store down") })
		r.Get("/api/v1/signups/:signup", func(*fiber.Ctx) error { return models.Errorf(models.ErrNotFound, "no signup") })
	})
	for _, path := range []string{"/test/signups/" + token + "/panic", "/test/signups/" + token + "/error",
		"/api/v1/signups/" + token, "/signups/" + token, "/staff/invitations/" + token} {
		if r := s.do(t, "GET", path, nil); r.Status == http.StatusOK {
			t.Fatalf("GET %s: 200", path)
		}
	}
	t.Run("BeforeRouting", func(t *testing.T) {
		var fctx fasthttp.RequestCtx
		fctx.Request.SetRequestURI("/signups/" + token)
		c := s.App().AcquireCtx(&fctx)
		defer s.App().ReleaseCtx(c)
		if err := s.HandleError(c, errors.New("connection reset")); err != nil {
			t.Fatal(err)
		}
		if got := LogRoute(c); got != "-" {
			t.Fatalf("logRoute before routing = %q, want -", got)
		}
	})
	out := s.log.String()
	for _, want := range []string{"route=/test/signups/:token/panic", "route=/test/signups/:token/error",
		"route=/api/v1/signups/:signup", "route=-"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in the log:\n%s", want, out)
		}
	}
	if strings.Contains(out, token) {
		t.Fatalf("the token is in the log:\n%s", out)
	}
}
