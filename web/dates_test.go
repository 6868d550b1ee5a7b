package web

import (
	"bytes"
	"html"
	"regexp"
	"testing"
	"testing/fstest"
	"time"
)

// TestWhenPartIsSpan checks that the pages' "when" template (_parts.html)
// writes the same text as Span, which emails and calendar files use, on
// one day and over midnight.
func TestWhenPartIsSpan(t *testing.T) {
	c := newTestCatalog(t)
	parts, err := templateFS.ReadFile("templates/_parts.html")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPages(c, fstest.MapFS{
		"templates/_parts.html": {Data: parts},
		"templates/when.html":   {Data: []byte(`{{template "when" .}}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	tags := regexp.MustCompile(`<[^>]*>`)
	start := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC) // 18:00 in Warsaw
	for _, end := range []time.Time{start.Add(2 * time.Hour), start.Add(8 * time.Hour)} {
		for _, lang := range []string{"en", "pl", "ar"} {
			var b bytes.Buffer
			data := map[string]any{"StartsAt": start, "EndsAt": end, "TZ": "Europe/Warsaw"}
			if err := p.Render(&b, lang, "when", data); err != nil {
				t.Fatal(err)
			}
			got := html.UnescapeString(tags.ReplaceAllString(b.String(), ""))
			if want := c.Span(lang, start, end, "Europe/Warsaw"); got != want {
				t.Errorf("%s until %v: page %q, Span %q", lang, end, got, want)
			}
		}
	}
}

// TestFormats pins the CLDR formats chosen for a few languages: British
// English, and Arabic as CLDR's "ar" has it (Latin digits, a 12-hour clock,
// the Arabic thousands separator).
func TestFormats(t *testing.T) {
	c := newTestCatalog(t)
	at := time.Date(2026, 12, 1, 8, 5, 0, 0, time.UTC) // 09:05 in Warsaw
	cases := map[string][3]string{
		"en": {"Tuesday, 1 December 2026", "09:05", "1,234"},
		"pl": {"wtorek, 1 grudnia 2026", "09:05", "1\u00a0234"},
		"ar": {"الثلاثاء، 1 ديسمبر 2026", "9:05 ص", "1\u066c234"},
	}
	for lang, want := range cases {
		got := [3]string{c.Date(lang, at, "Europe/Warsaw"), c.Time(lang, at, "Europe/Warsaw"), c.Number(lang, 1234)}
		if got != want {
			t.Errorf("%s: got %q, want %q", lang, got, want)
		}
	}
	if got, want := c.Time("xx", at, "Nowhere/Else"), "08:05"; got != want {
		t.Errorf("unknown language and zone: got %q, want English in UTC %q", got, want)
	}
}
