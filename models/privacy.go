package models

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Attendees' email addresses are personal data: they must never reach a
// log line, where they would outlive the retention period and be read by
// people who have no business reading them. MaskEmail keeps just enough
// to tell two addresses apart when debugging.

// emailPattern finds email addresses inside free text, such as an SMTP
// server's error ("550 <olena@example.org> unknown"). It is deliberately
// broad: masking something that was not an address costs nothing, while
// missing one leaks it. A local part is any run of letters, marks and
// digits of any script plus every character RFC 5322 allows unquoted
// (addresses are internationalised: олена.коваленко@приклад.укр), or a
// quoted string; a domain is two or more such labels, as every address
// Agora accepts has.
var emailPattern = regexp.MustCompile(`(?:"[^"\r\n]*"|[\p{L}\p{M}\p{N}.!#$%&'*+/=?^_` + "`" + `{|}~-]+)` +
	`@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+`)

// maxMaskedDomain bounds the domain a masked address keeps, in bytes: a
// real domain is at most 253 octets, and whatever is longer is an attack
// or noise that must not grow a log line or an audit entry.
const maxMaskedDomain = 253

// MaskEmail hides the local part of an address but its first character,
// in any script: "olena.k@example.org" becomes "o***@example.org",
// "émilie@exemple.fr" "é***@exemple.fr". The domain is kept, cut to 253
// bytes. Something that is not an address comes back as "***".
func MaskEmail(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return "***"
	}
	first, _ := utf8.DecodeRuneInString(addr)
	domain := addr[at+1:]
	if len(domain) > maxMaskedDomain {
		cut := maxMaskedDomain
		for cut > 0 && !utf8.RuneStart(domain[cut]) {
			cut--
		}
		domain = domain[:cut] + "…"
	}
	return string(first) + "***@" + domain
}

// MaskEmails masks every email address inside text.
func MaskEmails(text string) string {
	if !strings.Contains(text, "@") {
		return text
	}
	return emailPattern.ReplaceAllStringFunc(text, MaskEmail)
}
