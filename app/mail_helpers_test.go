package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
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
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("not a mail message: %v", err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	r := receivedMail{To: strings.Join(m.To, ","), Subject: subj, Lang: msg.Header.Get("Content-Language"),
		Parts: map[string]string{}, Header: msg.Header}
	collectParts(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, r.Parts)
	return r
}

func collectParts(t testing.TB, contentType, encoding string, body io.Reader, out map[string]string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			collectParts(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, out)
		}
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		raw, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
	case "base64":
		raw, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
	}
	if err != nil {
		t.Fatal(err)
	}
	out[mt] = string(raw)
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
