package web

import (
	"sort"

	"github.com/agora-events/agora/models"
)

// This file holds the two language rules every audience shares (pages,
// emails, calendar files): which way a language is written and which
// translation of a multilingual text a reader sees. They live here, once,
// because two copies had drifted apart (a page and the feed showed the same
// reader different languages; emails knew one right-to-left language,
// pages six).

// rtlLanguages are written right to left: the interface's Arabic and the
// languages of activities and organisers' messages that may be in another
// right-to-left script.
var rtlLanguages = map[string]bool{"ar": true, "fa": true, "ps": true, "ur": true, "he": true, "yi": true}

// IsRTL reports whether lang is written right to left.
func IsRTL(lang string) bool { return rtlLanguages[lang] }

// Dir is the writing direction of a language as HTML's dir attribute
// wants it: "rtl" or "ltr".
func Dir(lang string) string {
	if IsRTL(lang) {
		return "rtl"
	}
	return "ltr"
}

// Pick chooses which translation of t a reader sees, and says which
// language it is in (so that pages can mark it with lang and dir). The
// order is the same for every page, email and calendar file: the reader's
// language, then the organisation's default (callers that do not know it
// pass ""), then English, then the first language that has text in the
// order of SpokenLanguages, then the alphabetically first code. The last
// two steps make the choice deterministic although t is a map. Empty
// translations count as missing; Pick returns "", "" when t has no text.
func Pick(t models.Text, reader, orgDefault string) (text, lang string) {
	for _, l := range [...]string{reader, orgDefault, models.DefaultLanguage} {
		if s := t[l]; l != "" && s != "" {
			return s, l
		}
	}
	for _, l := range SpokenLanguages() {
		if s := t[l]; s != "" {
			return s, l
		}
	}
	var rest []string
	for l, s := range t {
		if s != "" {
			rest = append(rest, l)
		}
	}
	if len(rest) == 0 {
		return "", ""
	}
	sort.Strings(rest)
	return t[rest[0]], rest[0]
}

// PickText is Pick for callers that need only the text.
func PickText(t models.Text, reader, orgDefault string) string {
	s, _ := Pick(t, reader, orgDefault)
	return s
}

// PickFlex is Pick for text that may be one string for every reader (its
// language unknown: lang is "") or multilingual.
func PickFlex(f models.FlexText, reader, orgDefault string) (text, lang string) {
	if f.Multilingual() {
		return Pick(f.Text, reader, orgDefault)
	}
	return f.Plain, ""
}

// OptionLabel is what a reader sees of a choice option: its label picked
// like any multilingual text, or the plain option's text (its id).
func OptionLabel(o models.Option, reader, orgDefault string) (text, lang string) {
	if o.Plain() {
		return o.ID, ""
	}
	if s, l := Pick(o.Label, reader, orgDefault); s != "" {
		return s, l
	}
	return o.ID, ""
}
