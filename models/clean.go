package models

import (
	"strings"
	"unicode/utf8"
)

// Every text a person types and Agora stores (names, phone numbers,
// answers, activity texts, venues, reasons, organiser messages,
// organisation and staff names) goes through CleanText or CleanLine in
// the normalisation of its request type, before validation. They remove
// what nobody types on purpose and what changes how the text reads where
// it is shown again (a CSV cell, an email, a page, a log):
//
//   - NUL and the other C0 controls except tab, line feed and carriage
//     return; DEL; the C1 controls (U+0080–U+009F);
//   - the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069), which can make "exe.txt" read as "txt.exe".
//
// The marks that right-to-left writing needs (U+200E LRM, U+200F RLM,
// U+061C ALM) and every visible character stay. Invalid UTF-8 becomes
// U+FFFD, so stored text is always valid UTF-8.
//
// Tabs and line breaks are visible: multi-line fields keep them
// (CleanText), one-line fields turn them into spaces (CleanLine). Fields
// that must never hold a line break because it would reach a mail header
// (a signup's name, an email address, a message subject) keep refusing
// it in their validation rather than have it silently repaired.

// CleanText removes invisible control and bidirectional override
// characters from multi-line text; line breaks and tabs stay.
func CleanText(s string) string {
	if strings.IndexFunc(s, unwantedRune) < 0 && utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unwantedRune(r) {
			return -1
		}
		return r
	}, s)
}

// CleanLine is CleanText for one-line text: each run of tabs and line
// breaks, with the spaces around it, becomes one space.
func CleanLine(s string) string {
	s = CleanText(s)
	if strings.IndexFunc(s, lineBreak) < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	joining := false // inside a run of breaks and spaces
	for _, r := range s {
		switch {
		case lineBreak(r):
			for len(out) > 0 && out[len(out)-1] == ' ' {
				out = out[:len(out)-1]
			}
			joining = true
		case r == ' ' && joining:
		default:
			if joining {
				out = append(out, ' ')
				joining = false
			}
			out = utf8.AppendRune(out, r)
		}
	}
	if joining {
		out = append(out, ' ')
	}
	return string(out)
}

// CleanText returns t with every value cleaned by CleanText and trimmed.
func (t Text) CleanText() Text {
	return t.clean(CleanText)
}

// CleanLines returns t with every value cleaned by CleanLine and trimmed.
func (t Text) CleanLines() Text {
	return t.clean(CleanLine)
}

func (t Text) clean(f func(string) string) Text {
	if t == nil {
		return nil
	}
	out := make(Text, len(t))
	for k, v := range t {
		out[k] = strings.TrimSpace(f(v))
	}
	return out
}

// unwantedRune reports the characters CleanText removes.
func unwantedRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// lineBreak reports the characters CleanLine turns into a space.
func lineBreak(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
}
