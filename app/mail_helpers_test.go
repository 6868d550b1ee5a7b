package main

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/notifications/smtptest"
	"github.com/agora-events/agora/store"
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

// waitAll waits for n messages in total, then until a's outbox has no
// email on its way (waitMailSettled), and returns the messages parsed:
// exactly n, or the test fails. So an extra copy, or an email nobody
// expected, fails the test, without waiting an arbitrary time for it.
func (b *mailbox) waitAll(t testing.TB, a *testApp, n int) []receivedMail {
	t.Helper()
	b.srv.WaitFor(n, 30*time.Second)
	a.waitMailSettled(t)
	return b.exactly(t, n)
}

// exactly returns every message received, parsed, and fails the test
// unless there are n.
func (b *mailbox) exactly(t testing.TB, n int) []receivedMail {
	t.Helper()
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

// retryHorizon: an email due later than this from now, waiting for a
// retry after a temporary refusal (tests that refuse a recipient with a
// 4xx set MAIL_RETRY_BASE=1h), is not on its way.
const retryHorizon = time.Minute

// waitMailSettled waits until no email of the app's outbox is on its way:
// none is being sent, and none waits to be sent within retryHorizon. The
// test SMTP server records a message before it answers, and the outbox
// records "sent" (or "failed") only after that answer, so from then on the
// server holds every message those emails bring. a must run in-process
// (startApp): the outbox is read from its store. With several instances
// on one database, any of them sees every email.
func (a *testApp) waitMailSettled(t testing.TB) {
	t.Helper()
	if a.main == nil {
		t.Fatal("waitMailSettled reads the store of an app started in-process (startApp)")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		// One read of every email: no status change falls between two reads.
		all, err := a.main.store.ListOutbox(context.Background(), store.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		horizon := time.Now().Add(retryHorizon)
		var onTheWay []string
		for _, e := range all {
			if e.Status == models.OutboxSending || e.Status == models.OutboxPending && e.NextAttemptAt.Before(horizon) {
				onTheWay = append(onTheWay, e.Kind+" to "+e.To+" ("+e.Status+")")
			}
		}
		if len(onTheWay) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("emails still on their way after 30s: %v", onTheWay)
		}
		time.Sleep(20 * time.Millisecond)
	}
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
