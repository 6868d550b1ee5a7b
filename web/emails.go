package web

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"strings"
	texttemplate "text/template"

	"github.com/agora-events/agora/models"
)

// emailFS holds the email templates: html/<kind>.tmpl and text/<kind>.tmpl
// for each kind, plus html/layout.tmpl and text/layout.tmpl that frame
// them.
//
//go:embed emails/html/*.tmpl emails/text/*.tmpl
var emailFS embed.FS

// Emails are the email templates, parsed once per language with that
// language's functions bound (the pages' functions: t, plural, date, …).
// NewEmails, like NewPages, is the one place its templates are parsed; the
// program calls both once while it starts, so that a broken template stops
// start-up instead of an email.
type Emails struct {
	html map[string]*htmltemplate.Template // by kind + "/" + lang
	text map[string]*texttemplate.Template
}

// NewEmails parses every email kind's HTML and text templates, each with
// its layout, once per supported language.
func NewEmails(c *Catalog) (*Emails, error) {
	files, err := fs.Glob(emailFS, "emails/html/*.tmpl")
	if err != nil {
		return nil, err
	}
	e := &Emails{html: map[string]*htmltemplate.Template{}, text: map[string]*texttemplate.Template{}}
	for _, f := range files {
		kind := strings.TrimSuffix(path.Base(f), ".tmpl")
		if kind == "layout" {
			continue
		}
		for lang := range c.localizers {
			funcs := c.funcs(lang)
			h, err := htmltemplate.New(kind).Funcs(funcs).
				ParseFS(emailFS, "emails/html/layout.tmpl", "emails/html/"+kind+".tmpl")
			if err != nil {
				return nil, fmt.Errorf("web: email template html/%s: %w", kind, err)
			}
			t, err := texttemplate.New(kind).Funcs(texttemplate.FuncMap(funcs)).
				ParseFS(emailFS, "emails/text/layout.tmpl", "emails/text/"+kind+".tmpl")
			if err != nil {
				return nil, fmt.Errorf("web: email template text/%s: %w", kind, err)
			}
			e.html[kind+"/"+lang], e.text[kind+"/"+lang] = h, t
		}
	}
	return e, nil
}

// Has reports whether kind has templates, so that callers can check at
// start-up that every email they send can be rendered.
func (e *Emails) Has(kind string) bool {
	_, ok := e.html[kind+"/"+models.DefaultLanguage]
	return ok
}

// Render executes kind's layout in lang (a supported language) with data
// and returns the HTML and the text part.
func (e *Emails) Render(kind, lang string, data any) (html, text string, err error) {
	h, ok := e.html[kind+"/"+lang]
	if !ok {
		return "", "", fmt.Errorf("web: no email template %q in %q", kind, lang)
	}
	var hb, tb bytes.Buffer
	if err := h.ExecuteTemplate(&hb, "layout", data); err != nil {
		return "", "", fmt.Errorf("web: render %s html: %w", kind, err)
	}
	if err := e.text[kind+"/"+lang].ExecuteTemplate(&tb, "layout", data); err != nil {
		return "", "", fmt.Errorf("web: render %s text: %w", kind, err)
	}
	return hb.String(), tb.String(), nil
}
