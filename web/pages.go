package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
	_ "time/tzdata" // time zones must work on hosts without a zone database

	"github.com/agora-events/agora/models"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Pages renders the public pages. Every template is parsed once, when
// NewPages runs, so a broken template stops start-up instead of failing a
// visitor's request; each parsed set is then cloned once per language with
// that language's functions bound, so rendering needs no locking and no
// per-request parsing.
type Pages struct {
	byLang  map[string]map[string]*template.Template
	catalog *Catalog
}

// layoutGlob matches the templates every page is parsed together with.
const layoutGlob = "templates/_*.html"

// NewPages parses every page template with the shared layout and binds a
// copy of each to every supported language.
func NewPages(c *Catalog) (*Pages, error) { return newPages(c, templateFS) }

func newPages(c *Catalog, fsys fs.FS) (*Pages, error) {
	pages, err := fs.Glob(fsys, "templates/[a-z]*.html")
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("web: no page templates")
	}
	layouts, err := fs.Glob(fsys, layoutGlob)
	if err != nil {
		return nil, err
	}
	p := &Pages{byLang: map[string]map[string]*template.Template{}, catalog: c}
	for _, lang := range models.Languages() {
		p.byLang[lang] = map[string]*template.Template{}
	}
	for _, file := range pages {
		name := strings.TrimSuffix(path.Base(file), ".html")
		files := append([]string{file}, layouts...)
		master, err := template.New(path.Base(file)).Funcs(c.funcs(models.DefaultLanguage)).ParseFS(fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		for _, lang := range models.Languages() {
			clone, err := master.Clone()
			if err != nil {
				return nil, fmt.Errorf("web: template %s: %w", name, err)
			}
			p.byLang[lang][name] = clone.Funcs(c.funcs(lang))
		}
	}
	return p, nil
}

// Render executes the page template name in lang. Callers render into a
// buffer so that a failure never sends half a page.
func (p *Pages) Render(w io.Writer, lang, name string, data any) error {
	set, ok := p.byLang[lang]
	if !ok {
		set = p.byLang[models.DefaultLanguage]
	}
	t, ok := set[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	return t.Execute(w, data)
}

// funcs are the template functions bound to one language.
func (c *Catalog) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		// t translates a key; pairs are placeholder name, value, ...
		"t": func(key string, pairs ...any) string { return c.T(lang, key, pairsToMap(pairs)) },
		// tbdi is t for HTML with each value isolated in <bdi>
		// (TIsolated): names and titles inside sentences of emails.
		"tbdi": func(key string, pairs ...any) template.HTML { return c.TIsolated(lang, key, pairsToMap(pairs)) },
		// plural translates a key with the plural form for n.
		"plural": func(key string, n int, pairs ...any) string { return c.Plural(lang, key, n, pairsToMap(pairs)) },
		// date is the full date of t in the time zone tz, in lang (Date).
		"date": func(t time.Time, tz string) string { return c.Date(lang, t, tz) },
		// clock is the time of day of t in the time zone tz, in lang (Time).
		"clock": func(t time.Time, tz string) string { return c.Time(lang, t, tz) },
		// sameday reports whether a and b fall on the same day in tz.
		"sameday": c.SameDay,
		// isodate is t in tz as RFC 3339, for <time datetime>.
		"isodate": func(t time.Time, tz string) string { return c.In(t, tz).Format(time.RFC3339) },
		// langname is a language's name in that language.
		"langname": NativeName,
		// asset is the address of a static file, with the assets' version
		// so that browsers may cache it for good.
		"asset": func(name string) string { return "/static/" + name + "?v=" + c.staticVersion },
	}
}

func pairsToMap(pairs []any) map[string]any {
	if len(pairs) == 0 {
		return nil
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			m[k] = pairs[i+1]
		}
	}
	return m
}

// Static is the file system of the static assets (CSS, icons), rooted so
// that "site.css" is the stylesheet.
func Static() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil { // only for an invalid directory name, and "static" is valid
		panic(err)
	}
	return sub
}

// StaticVersion is a short hash of every static asset, appended to their
// URLs so that browsers may cache them forever and still see new releases.
func StaticVersion() string {
	h := sha256.New()
	_ = fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// TemplateFiles returns the raw text of every template, for the test that every
// translation key a template uses exists.
func TemplateFiles() (map[string]string, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		b, err := templateFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out[path.Base(n)] = string(b)
	}
	return out, nil
}

// MustPages is NewPages for callers that cannot return an error; the
// templates are embedded, so a failure here is a bug that the tests of
// this package catch before any release.
func MustPages(c *Catalog) *Pages {
	p, err := NewPages(c)
	if err != nil {
		panic(err)
	}
	return p
}
