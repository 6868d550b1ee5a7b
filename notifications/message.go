package notifications

import (
	"bytes"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/agora-events/agora/models"
)

// buildMsg turns an outbox document into a MIME message: text and HTML
// alternatives, attachments, and the document's stable Message-ID. Nothing
// from input reaches a header unchecked: addresses are parsed (a CR or LF
// makes them invalid), display names and subjects are flattened to one
// line and RFC 2047-encoded by go-mail when not plain ASCII.
func buildMsg(e *models.OutboxEmail, from *netmail.Address, now time.Time) (*mail.Msg, error) {
	to, err := parseAddress(e.To)
	if err != nil {
		return nil, err
	}
	to.Name = headerText(e.ToName)
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	m.SetCharset(mail.CharsetUTF8)
	m.FromMailAddress(from)
	m.ToMailAddress(to)
	// The organiser's address is checked like the recipient's; one that
	// is not a bare address (validated when saved, so only an old or
	// imported record) is left out: the email still goes, without it.
	if replyTo, err := parseAddress(e.ReplyTo); e.ReplyTo != "" && err == nil {
		m.ReplyToMailAddress(replyTo)
	}
	m.Subject(headerText(e.Subject))
	m.SetMessageIDWithValue(e.HeaderMessageID)
	m.SetDateWithValue(now)
	m.SetGenHeader(mail.HeaderContentLang, e.Language)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	if e.Kind == KindMessage {
		m.SetBulk()
	}
	m.SetBodyString(mail.TypeTextPlain, e.Text)
	if e.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, e.HTML)
	}
	for _, a := range e.Attachments {
		if a.ContentID != "" {
			if err := m.EmbedReader(headerText(a.Filename), bytes.NewReader(a.Data),
				mail.WithFileContentType(mail.ContentType(headerText(a.ContentType))),
				mail.WithFileContentID("<"+headerText(a.ContentID)+">")); err != nil {
				return nil, err
			}
			continue
		}
		if err := m.AttachReader(headerText(a.Filename), bytes.NewReader(a.Data),
			mail.WithFileContentType(mail.ContentType(headerText(a.ContentType)))); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// parseAddress accepts exactly one bare address, with no display name,
// comment or line break smuggled in.
func parseAddress(s string) (*netmail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("invalid recipient address")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Name != "" || !strings.EqualFold(a.Address, strings.TrimSpace(s)) {
		return nil, fmt.Errorf("invalid recipient address")
	}
	return a, nil
}

// ParseFrom parses MAIL_FROM ("Agora <no-reply@example.org>").
func ParseFrom(s string) (*netmail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("MAIL_FROM: line breaks are not allowed")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	return a, nil
}
