package models

import (
	"regexp"
	"strings"
)

// Attendees' email addresses are personal data: they must never reach a
// log line, where they would outlive the retention period and be read by
// people who have no business reading them. MaskEmail keeps just enough
// to tell two addresses apart when debugging.

// emailPattern finds email addresses inside free text, such as an SMTP
// server's error ("550 <olena@example.org> unknown"). It is deliberately
// broad: masking something that was not an address costs nothing.
var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)

// MaskEmail hides the local part of an address but its first character:
// "olena.k@example.org" becomes "o***@example.org". Something that is not
// an address comes back as "***".
func MaskEmail(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return "***"
	}
	first := []rune(addr[:at])[0]
	return string(first) + "***" + addr[at:]
}

// MaskEmails masks every email address inside text.
func MaskEmails(text string) string {
	if !strings.Contains(text, "@") {
		return text
	}
	return emailPattern.ReplaceAllStringFunc(text, MaskEmail)
}
