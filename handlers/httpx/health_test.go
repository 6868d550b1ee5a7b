package httpx

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestReadyz: /readyz follows the store: 200 while it answers a ping, 503
// once it does not (here: its client is disconnected), while /healthz,
// which is about the process alone, stays 200.
func TestReadyz(t *testing.T) {
	s := newTestServer(t, nil)
	t.Run("OK", func(t *testing.T) {
		if r := s.do(t, "GET", "/readyz", nil); r.Status != http.StatusOK {
			t.Fatalf("status %d, want 200; body %s", r.Status, r.Body)
		}
	})
	t.Run("ErrStoreDown", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.store.(interface{ Close(context.Context) error }).Close(ctx); err != nil {
			t.Fatal(err)
		}
		if r := s.do(t, "GET", "/readyz", nil); r.Status != http.StatusServiceUnavailable {
			t.Fatalf("status %d, want 503; body %s", r.Status, r.Body)
		}
		if r := s.do(t, "GET", "/healthz", nil); r.Status != http.StatusOK {
			t.Fatalf("healthz status %d, want 200; body %s", r.Status, r.Body)
		}
	})
}
