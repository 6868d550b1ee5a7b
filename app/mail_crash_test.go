package main

import (
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return port
}

// TestMailSurvivesSIGKILL: with the mail server down, 30 people sign up;
// the process is killed with SIGKILL while it retries; restarted with the
// mail server up, it delivers all 30 confirmations, none twice.
func TestMailSurvivesSIGKILL(t *testing.T) {
	bin := buildAgora(t)
	dataDir := t.TempDir()
	box, smtpURL := newMailbox(t)
	admin := map[string]string{"ADMIN_EMAIL": testAdminEmail, "ADMIN_PASSWORD": testAdminPassword,
		"MAIL_RETRY_BASE": "100ms", "SCHEDULER_INTERVAL": "100ms"}
	down := map[string]string{"SMTP_URL": fmt.Sprintf("smtp://127.0.0.1:%d?tls=none", freePort(t))}
	for k, v := range admin {
		down[k] = v
	}
	p := startProcess(t, bin, processEnv(dataDir, down))
	a := &testApp{t: t, URL: p.URL, client: &http.Client{Timeout: 30 * time.Second}}
	org := signupOrg(t, a)
	act := a.publishedActivity(t, org.Organiser, activityBody(7, map[string]any{"capacity": 50}))
	for i := 0; i < 30; i++ {
		a.signUp(t, act.ID, signupBody(fmt.Sprintf("p%02d@example.org", i), nil))
	}
	// Killed while it retries: the last confirmation has failed once.
	a.waitTried(t, org.Organiser, "p29@example.org")
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.wait(10 * time.Second)
	if n := len(box.srv.Messages()); n != 0 {
		t.Fatalf("%d messages before the restart", n)
	}

	up := map[string]string{"SMTP_URL": smtpURL}
	for k, v := range admin {
		up[k] = v
	}
	p2 := startProcess(t, bin, processEnv(dataDir, up))
	// Once every email is recorded sent, the process stops and the server
	// has closed its connections: nothing more can come, and any extra
	// copy is among the messages.
	a2 := &testApp{t: t, URL: p2.URL, client: &http.Client{Timeout: 30 * time.Second}}
	a2.waitOutboxSent(t, org.Organiser)
	p2.stop()
	box.srv.WaitIdle(30 * time.Second)
	msgs := box.exactly(t, 30)
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.To]++
	}
	for i := 0; i < 30; i++ {
		if addr := fmt.Sprintf("p%02d@example.org", i); seen[addr] != 1 {
			t.Errorf("%s got %d emails, want 1", addr, seen[addr])
		}
	}
}
