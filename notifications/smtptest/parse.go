package smtptest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
)

// Parsed is a received message taken apart, so that tests assert on what
// a mail client would show rather than on the wire encoding.
type Parsed struct {
	Header  mail.Header
	Subject string            // decoded from its RFC 2047 encoded words
	Parts   map[string]string // leaf media type → decoded content
	// ContentTypes maps each leaf media type to its whole Content-Type
	// header, parameters included (a calendar's method=, say).
	ContentTypes map[string]string
}

// Parse takes raw (headers and body, as in Message.Data) apart; it fails
// the test when raw is not a well-formed MIME message.
func Parse(t testing.TB, raw []byte) Parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a mail message: %v\n%s", err, raw)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	p := Parsed{Header: msg.Header, Subject: subj, Parts: map[string]string{}, ContentTypes: map[string]string{}}
	collectParts(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, p)
	return p
}

func collectParts(t testing.TB, contentType, encoding string, body io.Reader, out Parsed) {
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
				t.Fatalf("multipart: %v", err)
			}
			collectParts(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, out)
		}
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("part %s: %v", mt, err)
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		raw, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
	case "base64":
		raw, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
	}
	if err != nil {
		t.Fatalf("part %s: %v", mt, err)
	}
	out.Parts[mt] = string(raw)
	out.ContentTypes[mt] = contentType
}
