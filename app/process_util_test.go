package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// dialRaw opens a TCP connection for hand-written HTTP, closed when the
// test ends.
func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	if err := conn.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	return conn
}

// rawResponse is an answer read from a raw connection.
type rawResponse struct {
	status int
	body   []byte
}

func readRawResponse(t *testing.T, conn net.Conn) rawResponse {
	t.Helper()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{status: res.StatusCode, body: body}
}

// waitUntilRefused waits until addr refuses new connections.
func waitUntilRefused(t *testing.T, addr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		_ = conn.Close()
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s still accepts connections %v after SIGTERM", addr, within)
}

// loginStatus logs the test admin in at baseURL and checks the status.
func loginStatus(t *testing.T, baseURL string, want int) {
	t.Helper()
	body := `{"email": "` + testAdminEmail + `", "password": "` + testAdminPassword + `"}`
	res, err := http.Post(baseURL+"/api/v1/auth/login", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want {
		t.Fatalf("login: status %d, want %d; body %s", res.StatusCode, want, raw)
	}
}

// mapEnv is a getenv reading from m.
func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// runAndStop runs the service in-process with test defaults overridden by
// extra until it is ready, then stops it and checks it stopped cleanly.
func runAndStop(t *testing.T, extra map[string]string) {
	t.Helper()
	full := map[string]string{
		"ADDR":      "127.0.0.1:0",
		"DATA_DIR":  t.TempDir(),
		"DEMO_DATA": "false",
		"LOG_LEVEL": "warn",
	}
	for k, v := range extra {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- Run(ctx, mapEnv(full), testLogWriter{t}, ready) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("did not start: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("did not start within 60s")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("did not stop within 30s")
	}
}
