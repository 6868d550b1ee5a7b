package web

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/agora-events/agora/models"
)

func newTestCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewPages(t *testing.T) {
	c := newTestCatalog(t)
	t.Run("OK", func(t *testing.T) {
		p, err := NewPages(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range models.Languages() {
			if len(p.byLang[lang]) < 5 {
				t.Fatalf("%s: %d page templates, want every page", lang, len(p.byLang[lang]))
			}
		}
	})
	t.Run("ErrBrokenTemplate", func(t *testing.T) {
		fsys := fstest.MapFS{
			"templates/_layout.html": {Data: []byte(`{{define "layout"}}<p>{{template "main" .}}{{end}}`)},
			"templates/list.html":    {Data: []byte(`{{template "layout" .}}{{define "main"}}{{if .X}}unclosed{{end}}`)},
		}
		if _, err := newPages(c, fsys); err == nil {
			t.Fatal("a broken template was accepted; start-up must fail")
		}
	})
	t.Run("ErrUnknownFunction", func(t *testing.T) {
		fsys := fstest.MapFS{
			"templates/_layout.html": {Data: []byte(`{{define "layout"}}{{template "main" .}}{{end}}`)},
			"templates/list.html":    {Data: []byte(`{{template "layout" .}}{{define "main"}}{{nosuchfunc "x"}}{{end}}`)},
		}
		if _, err := newPages(c, fsys); err == nil {
			t.Fatal("a template calling an unknown function was accepted")
		}
	})
}

func TestRenderBindsLanguage(t *testing.T) {
	c := newTestCatalog(t)
	fsys := fstest.MapFS{
		"templates/_layout.html": {Data: []byte(`{{define "layout"}}{{template "main" .}}{{end}}`)},
		"templates/page.html": {Data: []byte(`{{template "layout" .}}{{define "main"}}{{t "list.title"}}|` +
			`{{plural "manage.people" .N}}|{{date .When "Europe/Warsaw"}} {{clock .When "Europe/Warsaw"}}{{end}}`)},
	}
	p, err := newPages(c, fsys)
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC) // 18:00 in Warsaw, a Tuesday
	cases := map[string]string{
		"en": "Find an activity|5 people|Tuesday, 1 December 2026 18:00",
		"pl": "Znajdź wydarzenie|5 osób|wtorek, 1 grudnia 2026 18:00",
		"uk": "Знайдіть захід|5 осіб|вівторок, 1 грудня 2026 р. 18:00",
		"ar": "ابحث عن نشاط|5 أشخاص|الثلاثاء، 1 ديسمبر 2026 6:00 م",
	}
	for lang, want := range cases {
		var b bytes.Buffer
		if err := p.Render(&b, lang, "page", map[string]any{"N": 5, "When": when}); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != want {
			t.Errorf("%s: got %q, want %q", lang, got, want)
		}
	}
}

// TestDateEveryLanguage checks that every language writes every month's
// dates with a year, and that no language falls back to English's names.
func TestDateEveryLanguage(t *testing.T) {
	c := newTestCatalog(t)
	for _, lang := range models.Languages() {
		for m := 1; m <= 12; m++ {
			d := time.Date(2027, time.Month(m), 1+m%7, 12, 0, 0, 0, time.UTC)
			got := c.Date(lang, d, "UTC")
			if !strings.Contains(got, "2027") || (lang != "en" && got == c.Date("en", d, "UTC")) {
				t.Errorf("%s: Date(%v) = %q", lang, d, got)
			}
		}
	}
}

func TestStatic(t *testing.T) {
	fsys := Static()
	css, err := fsys.Open("site.css")
	if err != nil {
		t.Fatal(err)
	}
	st, err := css.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 20_000 {
		t.Errorf("site.css is %d bytes; keep the one stylesheet small", st.Size())
	}
	for _, k := range models.Kinds() {
		if _, err := fsys.Open("kind-" + k + ".svg"); err != nil {
			t.Errorf("no icon for kind %s: %v", k, err)
		}
	}
	if v := StaticVersion(); len(v) != 12 {
		t.Errorf("StaticVersion() = %q", v)
	}
}
