package config

import (
	"fmt"
	"net/url"
	"strconv"
)

// SMTP TLS modes.
const (
	TLSStartTLS = "starttls" // smtp://, STARTTLS mandatory
	TLSImplicit = "implicit" // smtps://
	TLSNone     = "none"     // smtp://…?tls=none, for a local relay only
)

// SMTPSettings is SMTP_URL taken apart.
type SMTPSettings struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      string
}

// ParseSMTPURL parses smtp://user:pass@host:587 (STARTTLS required),
// smtps://user:pass@host:465, or smtp://host:25?tls=none.
func ParseSMTPURL(raw string) (SMTPSettings, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTPSettings{}, fmt.Errorf("not a URL")
	}
	s := SMTPSettings{Host: u.Hostname()}
	if s.Host == "" {
		return s, fmt.Errorf("missing host")
	}
	switch u.Scheme {
	case "smtp":
		s.TLS, s.Port = TLSStartTLS, 587
	case "smtps":
		s.TLS, s.Port = TLSImplicit, 465
	default:
		return s, fmt.Errorf("want smtp:// or smtps://, got %q", u.Scheme+"://")
	}
	switch t := u.Query().Get("tls"); t {
	case "":
	case "none":
		if u.Scheme != "smtp" {
			return s, fmt.Errorf("tls=none goes with smtp://")
		}
		s.TLS, s.Port = TLSNone, 25
	default:
		return s, fmt.Errorf("unknown tls=%q (only tls=none)", t)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return s, fmt.Errorf("invalid port %q", p)
		}
		s.Port = n
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}
