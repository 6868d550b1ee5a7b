package notifications

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications/smtptest"
	"github.com/agora-events/agora/web"
)

func TestDeliverSignupEmails(t *testing.T) {
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t, smtptest.WithRequireTLS())
	ctx := context.Background()
	type want struct {
		kind, lang string
		ics        bool
	}
	cases := []want{
		{KindConfirmed, "pl", true}, {KindWaitlisted, "uk", false}, {KindPromoted, "ar", true},
		{KindCancelled, "es", true}, {KindActivityCancelled, "tr", true}, {KindReminder, "lt", false},
	}
	for i, c := range cases {
		e := emailFor(c.kind, fmt.Sprintf("s%d", i), fmt.Sprintf("person%d@example.org", i), c.lang)
		if err := o.QueueSignupEmail(ctx, e); err != nil {
			t.Fatal(err)
		}
		// Queuing the same event again is success and no second email.
		if err := o.QueueSignupEmail(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	drain := runDelivery(t, smtpOptions(st, srv, o))
	msgs := srv.WaitFor(len(cases), 20*time.Second)
	for i, c := range cases {
		waitStatus(t, st, SignupDedupKey(c.kind, fmt.Sprintf("s%d", i)), models.OutboxSent)
	}
	drain()
	if got := len(srv.Messages()); got != len(cases) {
		t.Fatalf("%d messages delivered, want %d (each exactly once)", got, len(cases))
	}
	byRcpt := map[string]smtptest.Message{}
	for _, m := range msgs {
		if !m.TLS {
			t.Error("message delivered without STARTTLS")
		}
		byRcpt[m.To[0]] = m
	}
	cat, _ := web.NewCatalog()
	for i, c := range cases {
		t.Run(c.kind+"_"+c.lang, func(t *testing.T) {
			m, ok := byRcpt[fmt.Sprintf("person%d@example.org", i)]
			if !ok {
				t.Fatal("not delivered")
			}
			p := smtptest.Parse(t, m.Data)
			wantSubject := cat.T(c.lang, "email."+c.kind+".subject", map[string]any{"Title": web.PickText(sampleEmail(c.kind).Activity.Title, c.lang, "en")})
			if p.Subject != wantSubject {
				t.Errorf("subject %q, want %q", p.Subject, wantSubject)
			}
			if p.Header.Get("Content-Language") != c.lang {
				t.Errorf("Content-Language %q", p.Header.Get("Content-Language"))
			}
			if !strings.Contains(p.Parts["text/plain"], cat.Date(c.lang, time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), "UTC")) {
				t.Errorf("text part lacks the date:\n%s", p.Parts["text/plain"])
			}
			if !strings.Contains(p.Parts["text/html"], `lang="`+c.lang+`"`) {
				t.Errorf("no HTML part in %s", c.lang)
			}
			cal, hasICS := p.Parts["text/calendar"]
			if hasICS != c.ics {
				t.Fatalf("calendar attached=%v, want %v", hasICS, c.ics)
			}
			if c.ics {
				method, status := "PUBLISH", "CONFIRMED"
				if c.kind == KindCancelled || c.kind == KindActivityCancelled {
					method, status = "CANCEL", "CANCELLED"
				}
				if ct := p.ContentTypes["text/calendar"]; !strings.Contains(ct, "method="+method) {
					t.Errorf("calendar content type %q, want method=%s", ct, method)
				}
				for _, s := range []string{"METHOD:" + method, "STATUS:" + status, "UID:signup-s" + fmt.Sprint(i) + "@agora.example.org",
					"DTSTART;TZID=Europe/Warsaw:20261201T180000", "BEGIN:VTIMEZONE"} {
					if !strings.Contains(cal, s) {
						t.Errorf("calendar lacks %q:\n%s", s, cal)
					}
				}
			}
			e, _ := st.OutboxByDedupKey(ctx, SignupDedupKey(c.kind, fmt.Sprintf("s%d", i)))
			if got := p.Header.Get("Message-Id"); got != "<"+e.HeaderMessageID+">" {
				t.Errorf("Message-ID %q, want <%s>", got, e.HeaderMessageID)
			}
		})
	}
	t.Run("ConnectionsReused", func(t *testing.T) {
		if n := srv.Connections(); n > 2 {
			t.Errorf("%d SMTP connections for %d messages with 2 workers", n, len(cases))
		}
	})
}

func TestDeliverRetriesTemporaryFailures(t *testing.T) {
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t)
	srv.FailNext(3, 451)
	if err := o.QueueSignupEmail(context.Background(), emailFor(KindConfirmed, "s1", "a@example.org", "en")); err != nil {
		t.Fatal(err)
	}
	opts := smtpOptions(st, srv, o)
	opts.Concurrency = 1
	drain := runDelivery(t, opts)
	e := waitStatus(t, st, SignupDedupKey(KindConfirmed, "s1"), models.OutboxSent)
	if e.Attempts != 4 {
		t.Errorf("attempts %d, want 4", e.Attempts)
	}
	drain()
	if n, a := len(srv.Messages()), srv.Attempts(); n != 1 || a != 4 {
		t.Errorf("%d delivered after %d attempts, want 1 after 4", n, a)
	}
}

func TestDeliverPermanentFailureOfOneRecipient(t *testing.T) {
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t)
	srv.FailRecipient("bad@example.org", 550)
	ctx := context.Background()
	for i, addr := range []string{"good1@example.org", "bad@example.org", "good2@example.org"} {
		if err := o.QueueSignupEmail(ctx, emailFor(KindReminder, fmt.Sprintf("s%d", i), addr, "en")); err != nil {
			t.Fatal(err)
		}
	}
	runDelivery(t, smtpOptions(st, srv, o))
	waitStatus(t, st, SignupDedupKey(KindReminder, "s0"), models.OutboxSent)
	waitStatus(t, st, SignupDedupKey(KindReminder, "s2"), models.OutboxSent)
	bad := waitStatus(t, st, SignupDedupKey(KindReminder, "s1"), models.OutboxFailed)
	if bad.Attempts != 1 || !strings.Contains(bad.LastError, "550") {
		t.Errorf("failed after %d attempts with %q; want 1 attempt, a 550", bad.Attempts, bad.LastError)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d delivered, want 2", n)
	}
}

func TestDeliverGivesUpAfterMaxAttempts(t *testing.T) {
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t)
	srv.FailNext(100, 452)
	if err := o.QueueSignupEmail(context.Background(), emailFor(KindCancelled, "s1", "a@example.org", "en")); err != nil {
		t.Fatal(err)
	}
	opts := smtpOptions(st, srv, o)
	opts.MaxAttempts = 3
	opts.RetryBase = 5 * time.Millisecond
	runDelivery(t, opts)
	e := waitStatus(t, st, SignupDedupKey(KindCancelled, "s1"), models.OutboxFailed)
	if e.Attempts != 3 || srv.Attempts() != 3 {
		t.Errorf("failed after %d attempts (server saw %d), want 3", e.Attempts, srv.Attempts())
	}
}

func TestDeliverImplicitTLSWithAuth(t *testing.T) {
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t, smtptest.WithImplicitTLS(), smtptest.WithAuth("agora", "s3cret"))
	if err := o.QueueSignupEmail(context.Background(), emailFor(KindConfirmed, "s1", "a@example.org", "en")); err != nil {
		t.Fatal(err)
	}
	opts := smtpOptions(st, srv, o)
	opts.SMTPURL = fmt.Sprintf("smtps://agora:s3cret@%s:%d", srv.Host, srv.Port)
	runDelivery(t, opts)
	m := srv.WaitFor(1, 20*time.Second)[0]
	if !m.TLS || m.Username != "agora" {
		t.Errorf("TLS %v, user %q", m.TLS, m.Username)
	}
}

func TestDeliverToFilesWithoutSMTP(t *testing.T) {
	o, st := newTestOutbox(t)
	dir := t.TempDir()
	if err := o.QueueSignupEmail(context.Background(), emailFor(KindConfirmed, "s1", "a@example.org", "ro")); err != nil {
		t.Fatal(err)
	}
	runDelivery(t, DeliveryOptions{Store: st, DataDir: dir, RetryBase: 20 * time.Millisecond, Wake: o.Queued()})
	e := waitStatus(t, st, SignupDedupKey(KindConfirmed, "s1"), models.OutboxSent)
	id, _, _ := strings.Cut(e.HeaderMessageID, "@")
	raw, err := os.ReadFile(filepath.Join(dir, "mail", id+".eml"))
	if err != nil {
		t.Fatal(err)
	}
	p := smtptest.Parse(t, raw)
	if _, ok := p.Parts["text/calendar"]; !ok || p.Header.Get("Content-Language") != "ro" {
		t.Errorf("eml file lacks the calendar or language:\n%s", raw)
	}
}

// TestHeaderInjection: line breaks in a name or title never start a new
// header, and non-ASCII display names are encoded.
func TestHeaderInjection(t *testing.T) {
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t)
	e := emailFor(KindConfirmed, "s1", "a@example.org", "en")
	e.Signup.Name = "Zoë\r\nBcc: victim@example.org"
	e.Activity.Title = models.Text{"en": "Café\r\nX-Injected: yes"}
	if err := o.QueueSignupEmail(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	bad := emailFor(KindConfirmed, "s2", "b@example.org\r\nRCPT TO:<victim@example.org>", "en")
	if err := o.QueueSignupEmail(context.Background(), bad); err != nil {
		t.Fatal(err)
	}
	runDelivery(t, smtpOptions(st, srv, o))
	waitStatus(t, st, SignupDedupKey(KindConfirmed, "s2"), models.OutboxFailed)
	m := srv.WaitFor(1, 20*time.Second)[0]
	head, _, _ := strings.Cut(string(m.Data), "\r\n\r\n")
	for _, line := range strings.Split(head, "\r\n") {
		if strings.HasPrefix(line, "Bcc:") || strings.HasPrefix(line, "X-Injected:") {
			t.Errorf("injected header: %q", line)
		}
	}
	p := smtptest.Parse(t, m.Data)
	if p.Subject != "You are signed up: Café X-Injected: yes" {
		t.Errorf("subject %q", p.Subject)
	}
	to, err := p.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Zoë Bcc: victim@example.org" || to[0].Address != "a@example.org" {
		t.Errorf("To %v (%v)", to, err)
	}
	if len(m.To) != 1 || len(srv.Messages()) != 1 {
		t.Errorf("recipients %v, messages %d", m.To, len(srv.Messages()))
	}
}

// TestTwoDeliveriesNeverSendTheSameEmail runs two delivery loops (as two
// instances would) on one store: each email is leased by one of them.
func TestTwoDeliveriesNeverSendTheSameEmail(t *testing.T) {
	o, st := newTestOutbox(t)
	srv := smtptest.Start(t)
	const n = 60
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if err := o.QueueSignupEmail(ctx, emailFor(KindReminder, fmt.Sprintf("s%d", i), fmt.Sprintf("p%d@example.org", i), "en")); err != nil {
			t.Fatal(err)
		}
	}
	var drains []func()
	for i := 0; i < 2; i++ {
		opts := smtpOptions(st, srv, o)
		opts.Concurrency = 3
		opts.Wake = nil
		opts.Poll = 5 * time.Millisecond
		drains = append(drains, runDelivery(t, opts))
	}
	srv.WaitFor(n, 30*time.Second)
	for i := 0; i < n; i++ {
		waitStatus(t, st, SignupDedupKey(KindReminder, fmt.Sprintf("s%d", i)), models.OutboxSent)
	}
	for _, drain := range drains {
		drain()
	}
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[smtptest.Parse(t, m.Data).Header.Get("Message-Id")]++
	}
	if len(srv.Messages()) != n || len(seen) != n {
		t.Fatalf("%d messages, %d distinct, want %d of each", len(srv.Messages()), len(seen), n)
	}
}
