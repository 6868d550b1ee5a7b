package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSignupCrashRecovery kills the real binary with SIGKILL between the
// steps of signups, cancellations and promotions (fault points compiled in
// only with the faultinject build tag) and restarts it on the same
// DATA_DIR each time. On the embedded store each of those sequences is one
// transaction: a kill anywhere inside leaves none of it (never a seat
// without its confirmed signup, a signup without its email, a cancelled
// signup still holding seats), and retries with the same Idempotency-Key,
// or of the same cancellation, finish the work. At the end seats_taken
// equals the confirmed party sum, every signup is where the activity says,
// and no signup answered 201 is lost. (MongoDB's recovery of interrupted
// sequences, which has no transactions, is tested in registration.)
func TestSignupCrashRecovery(t *testing.T) {
	bin := buildAgoraWithTags(t, "faultinject")
	dir := t.TempDir()
	run := func(fault string) *process {
		t.Helper()
		return startProcess(t, bin, processEnv(dir, map[string]string{
			"ADMIN_EMAIL": testAdminEmail, "ADMIN_PASSWORD": testAdminPassword, "AGORA_FAULT": fault}))
	}
	answered := map[string]signupJSON{} // every 201, by who signed up
	sign := func(c *crashClient, who string, party int) error {
		t.Helper()
		r, err := c.try("POST", "/api/v1/activities/"+c.activity+"/signups",
			signupBody(who+"@example.org", map[string]any{"party_size": party}), "Idempotency-Key", "key-"+who)
		if err != nil {
			return err
		}
		if r.Status != 201 {
			t.Fatalf("%s: %d %s", who, r.Status, r.Body)
		}
		var s signupJSON
		r.JSON(t, &s)
		answered[who] = s
		return nil
	}
	cancel := func(c *crashClient, who string) error {
		t.Helper()
		r, err := c.try("POST", "/api/v1/signups/"+answered[who].ManageToken+"/cancel", nil)
		if err == nil && r.Status != 200 {
			t.Fatalf("cancel %s: %d %s", who, r.Status, r.Body)
		}
		return err
	}
	// stored is how many signups the store holds after a restart: a
	// killed signup left nothing.
	stored := func(c *crashClient, want int) {
		t.Helper()
		if n := len(c.checkSeatInvariant(t, c.admin, c.activity)); n != want {
			t.Fatalf("%d signups stored, want %d", n, want)
		}
	}

	// 1. Killed right after s3 was inserted (pending, no seats yet).
	p := run("signup:inserted:3")
	c := newCrashClient(t, p)
	c.setUp(t)
	mustNot(t, sign(c, "s1", 2))
	mustNot(t, sign(c, "s2", 1))
	wantKilled(t, p, sign(c, "s3", 2))

	// 2. Nothing of s3 is left; its retry (passing the fault point once)
	// puts it on the waiting list (one seat left). Then killed after s4
	// took the last seat, before its email and status.
	p = run("signup:placed:2")
	c = c.on(p)
	stored(c, 2)
	mustNot(t, sign(c, "s3", 2))
	if answered["s3"].Status != "waitlisted" {
		t.Fatalf("s3 after the restart: %+v", answered["s3"])
	}
	wantKilled(t, p, sign(c, "s4", 1))

	// 3. s4's seat was not kept without its signup: its retry takes it.
	// Killed after s5's waiting-list email was queued, before its status.
	p = run("signup:mailed:2")
	c = c.on(p)
	stored(c, 3)
	mustNot(t, sign(c, "s4", 1))
	wantKilled(t, p, sign(c, "s5", 1))

	// 4. Killed after s1's cancellation was recorded, before its seats
	// were released.
	p = run("cancel:marked:1")
	c = c.on(p)
	stored(c, 4)
	mustNot(t, sign(c, "s5", 1))
	wantKilled(t, p, cancel(c, "s1"))

	// 5. s1 still holds its seats, confirmed. Its cancellation again: the
	// seats go to s3, and the process is killed after moving s3, before
	// confirming it.
	p = run("promote:moved:1")
	c = c.on(p)
	wantKilled(t, p, cancel(c, "s1"))

	// 6. Killed after s2's seat was released, before promoting s5.
	p = run("cancel:released:1")
	c = c.on(p)
	wantKilled(t, p, cancel(c, "s2"))

	// 7. A clean start: the retried cancellations succeed and promote.
	p = run("")
	c = c.on(p)
	mustNot(t, cancel(c, "s1"))
	mustNot(t, cancel(c, "s2"))
	want := map[string]string{"s1": "cancelled", "s2": "cancelled", "s3": "confirmed", "s4": "confirmed", "s5": "confirmed"}
	for who, status := range want {
		s, ok := answered[who]
		if !ok {
			t.Fatalf("%s never got its 201", who)
		}
		var m managedJSON
		c.must(200, "GET", "/api/v1/signups/"+s.ManageToken, nil).JSON(t, &m)
		if m.Status != status || m.ID != s.ID {
			t.Errorf("%s: %s (%s), want %s", who, m.Status, m.ID, status)
		}
	}
	byID := c.checkSeatInvariant(t, c.admin, c.activity)
	if len(byID) != 5 {
		t.Fatalf("%d signups stored, want 5", len(byID))
	}
	if act := c.testApp.activity(t, c.admin, c.activity); act.SeatsTaken != 4 || act.WaitlistCount != 0 {
		t.Fatalf("seats_taken %d, waitlist_count %d; want 4 and 0", act.SeatsTaken, act.WaitlistCount)
	}
	p.stop()
}

// buildAgoraWithTags compiles the service with build tags.
func buildAgoraWithTags(t *testing.T, tags string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to build the binary: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "agora")
	cmd := exec.Command(goTool, "build", "-tags", tags, "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashClient talks to one process of the crash test.
type crashClient struct {
	*testApp
	admin, activity string
}

func newCrashClient(t *testing.T, p *process) *crashClient {
	t.Helper()
	if p.addr == "" {
		t.Fatalf("agora did not start:\n%s", p.output())
	}
	return &crashClient{testApp: &testApp{t: t, URL: p.URL, env: map[string]string{},
		client: &http.Client{Timeout: 30 * time.Second}}}
}

// on is the same client for the next process.
func (c *crashClient) on(p *process) *crashClient {
	t := c.testApp.t.(*testing.T)
	t.Helper()
	n := newCrashClient(t, p)
	n.admin, n.activity = n.adminToken(t), c.activity
	return n
}

// setUp creates an organisation and a published activity with 4 seats.
func (c *crashClient) setUp(t *testing.T) {
	t.Helper()
	c.admin = c.adminToken(t)
	var org struct {
		ID string `json:"id"`
	}
	c.must(201, "POST", "/api/v1/organisations", map[string]string{"name": "Crash library", "slug": "crash",
		"country": "PL", "timezone": "Europe/Warsaw", "default_language": "pl"}, bearer(c.admin)...).JSON(t, &org)
	act := c.publishedActivity(t, c.admin, activityBody(7, map[string]any{"capacity": 4, "max_party_size": 2,
		"organisation_id": org.ID}))
	c.activity = act.ID
}

// try sends a request and returns the transport error instead of failing:
// the process may be killed while it answers.
func (c *crashClient) try(method, path string, body any, headers ...string) (*response, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.URL+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: raw}, nil
}

func mustNot(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantKilled checks that the request failed because the process died of
// SIGKILL at its fault point.
func wantKilled(t *testing.T, p *process, reqErr error) {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("agora was not killed at its fault point (request error %v):\n%s", reqErr, p.output())
	}
	var exit *exec.ExitError
	if !errors.As(p.err, &exit) {
		t.Fatalf("agora exited with %v, want SIGKILL:\n%s", p.err, p.output())
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("agora exited with %v, want SIGKILL:\n%s", p.err, p.output())
	}
}
