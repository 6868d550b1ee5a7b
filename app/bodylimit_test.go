package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sendAllThenRead writes a whole raw HTTP request at once, as a client
// that does not look for an early answer does, and only then reads the
// answer and the end of the connection.
func (a *testApp) sendAllThenRead(t *testing.T, raw []byte) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(a.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write(raw); err != nil {
		t.Fatalf("writing the %d bytes of the request: %v", len(raw), err)
	}
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading the answer's body: %v", err)
	}
	// The server closes the connection in order (FIN), not with a reset
	// that could have destroyed the answer.
	if n, err := br.Read(make([]byte, 1)); n != 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("after the answer: %d bytes, %v; want the connection closed (EOF)", n, err)
	}
	return res, body
}

// TestBodyOverLimitSentWithoutWaiting: a client that sends a 6 MB body in
// one go, without waiting for an early answer, reads 413
// payload_too_large (JSON for the API, the error page for a page) with
// Connection: close, instead of a connection reset.
func TestBodyOverLimitSentWithoutWaiting(t *testing.T) {
	a := startApp(t, nil)
	const size = 6 << 20
	wantTooLarge := func(t *testing.T, res *http.Response, body []byte, contentType string) {
		t.Helper()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413; body %.300s", res.StatusCode, body)
		}
		if !res.Close {
			t.Error("no Connection: close on the 413")
		}
		if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, contentType) {
			t.Fatalf("Content-Type %q, want %s", got, contentType)
		}
	}
	t.Run("APIJSON", func(t *testing.T) {
		head := fmt.Sprintf("POST /api/v1/activities/x/signups HTTP/1.1\r\nHost: agora\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", size)
		res, body := a.sendAllThenRead(t, append([]byte(head), bytes.Repeat([]byte(" "), size)...))
		wantTooLarge(t, res, body, "application/json")
		r := &response{Status: res.StatusCode, Body: body}
		if r.ErrorCode() != "payload_too_large" {
			t.Fatalf("body %s, want the payload_too_large error body", body)
		}
	})
	t.Run("APIChunked", func(t *testing.T) {
		var raw bytes.Buffer
		raw.WriteString("POST /api/v1/activities/x/signups HTTP/1.1\r\nHost: agora\r\n" +
			"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
		chunk := bytes.Repeat([]byte(" "), 64<<10)
		for range size / len(chunk) {
			fmt.Fprintf(&raw, "%x\r\n%s\r\n", len(chunk), chunk)
		}
		raw.WriteString("0\r\n\r\n")
		res, body := a.sendAllThenRead(t, raw.Bytes())
		wantTooLarge(t, res, body, "application/json")
		if r := (&response{Body: body}); r.ErrorCode() != "payload_too_large" {
			t.Fatalf("body %s, want the payload_too_large error body", body)
		}
	})
	t.Run("PageHTML", func(t *testing.T) {
		head := fmt.Sprintf("POST /activities/x/signup HTTP/1.1\r\nHost: agora\r\nAccept: text/html\r\n"+
			"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", size)
		res, body := a.sendAllThenRead(t, append([]byte(head), bytes.Repeat([]byte("a"), size)...))
		wantTooLarge(t, res, body, "text/html")
		if !bytes.Contains(body, []byte("<html")) {
			t.Fatalf("not an error page: %.300s", body)
		}
	})
	t.Run("ServerStillServes", func(t *testing.T) {
		a.must(200, "GET", "/healthz", nil)
	})
}
