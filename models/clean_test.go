package models

import "testing"

func TestCleanText(t *testing.T) {
	for _, c := range []struct{ name, in, text, line string }{
		{"NULAndOverride", "A\x00li\u202Ece", "Alice", "Alice"},
		{"C0C1AndDEL", "a\x01b\x1bc\x7fd\u0085e\u009fz", "abcdez", "abcdez"},
		{"EmbeddingsAndIsolates", "\u202Aa\u202Bb\u202Cc\u202Dd\u2066e\u2067f\u2068g\u2069", "abcdefg", "abcdefg"},
		{"RightToLeftMarksStay", "\u200Fمقهى\u200E \u061Cx", "\u200Fمقهى\u200E \u061Cx", "\u200Fمقهى\u200E \u061Cx"},
		{"LinesStayInText", "one\r\ntwo\n\tthree", "one\r\ntwo\n\tthree", "one two three"},
		{"BreakWithSpaces", "Anna \r\n  Smith", "Anna \r\n  Smith", "Anna Smith"},
		{"LineSeparators", "a\u2028b\u2029c", "a\u2028b\u2029c", "a b c"},
		{"InvalidUTF8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
		{"Plain", "Kawiarenka językowa", "Kawiarenka językowa", "Kawiarenka językowa"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := CleanText(c.in); got != c.text {
				t.Errorf("CleanText(%q) = %q, want %q", c.in, got, c.text)
			}
			if got := CleanLine(c.in); got != c.line {
				t.Errorf("CleanLine(%q) = %q, want %q", c.in, got, c.line)
			}
		})
	}
}

func TestTextClean(t *testing.T) {
	in := Text{"en": " Caf\u202Eé\x00\n club ", "ar": "\u200Fمقهى"}
	if got := in.CleanLines(); got["en"] != "Café club" || got["ar"] != "\u200Fمقهى" {
		t.Errorf("CleanLines: %q", got)
	}
	if got := in.CleanText(); got["en"] != "Café\n club" {
		t.Errorf("CleanText: %q", got["en"])
	}
	if in["en"] != " Caf\u202Eé\x00\n club " {
		t.Error("cleaning changed the original")
	}
	if Text(nil).CleanText() != nil {
		t.Error("nil must stay nil: validation tells missing from empty")
	}
}
