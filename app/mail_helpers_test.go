package main

import (
	"fmt"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/notifications/smtptest"
	"github.com/agora-events/agora/web"
)

// receivedMail is a message the test SMTP server accepted, taken apart.
type receivedMail struct {
	To      string
	Subject string
	Lang    string            // Content-Language
	Parts   map[string]string // media type → decoded content
	Header  mail.Header
}

func parseReceived(t testing.TB, m smtptest.Message) receivedMail {
	t.Helper()
	p := smtptest.Parse(t, m.Data)
	return receivedMail{To: strings.Join(m.To, ","), Subject: p.Subject, Lang: p.Header.Get("Content-Language"),
		Parts: p.Parts, Header: p.Header}
}

// mailbox reads what the test SMTP server received, by recipient.
type mailbox struct {
	srv *smtptest.Server
	cat *web.Catalog
}

func newMailbox(t testing.TB) (*mailbox, string) {
	t.Helper()
	srv := smtptest.Start(t)
	cat, err := web.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return &mailbox{srv: srv, cat: cat}, fmt.Sprintf("smtp://%s:%d?tls=none", srv.Host, srv.Port)
}

// waitAll waits for n messages in total, then a little longer to catch
// any extra copy, and returns them parsed.
func (b *mailbox) waitAll(t testing.TB, n int) []receivedMail {
	t.Helper()
	b.srv.WaitFor(n, 30*time.Second)
	time.Sleep(500 * time.Millisecond)
	msgs := b.srv.Messages()
	if len(msgs) != n {
		t.Fatalf("%d messages received, want exactly %d", len(msgs), n)
	}
	out := make([]receivedMail, len(msgs))
	for i, m := range msgs {
		out[i] = parseReceived(t, m)
	}
	return out
}

// to returns the messages to addr.
func to(msgs []receivedMail, addr string) []receivedMail {
	var out []receivedMail
	for _, m := range msgs {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// subject is the translated subject of an email kind for a title.
func (b *mailbox) subject(lang, kind, title string) string {
	return b.cat.T(lang, "email."+kind+".subject", map[string]any{"Title": title})
}

// waitTried waits until an email to addr failed at least once (a refused
// recipient), so that it is waiting for its retry, not being sent.
func (a *testApp) waitTried(t testing.TB, token, addr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var page struct {
			Items []struct {
				To       string `json:"to"`
				Status   string `json:"status"`
				Attempts int    `json:"attempts"`
			} `json:"items"`
		}
		a.must(200, "GET", "/api/v1/outbox?status=pending&limit=100", nil, bearer(token)...).JSON(t, &page)
		for _, e := range page.Items {
			if e.To == addr && e.Attempts > 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no failed attempt to %s yet", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
