// Package web holds what the pages and emails are made of, and Agora's one
// locale layer. What it is made of: translations (one file per language
// under locales/), page and email templates and static assets, all
// embedded in the binary. Every template is parsed in this package, by
// NewPages (pages.go) and NewEmails (emails.go), which the program calls
// once while it starts, so that a broken template stops start-up. The
// locale layer serves pages, emails and calendar files alike: one CLDR
// date, time and number formatter (dates.go), one direction rule and one
// fallback order for multilingual text (locale.go), and one way a field
// error becomes text (fields.go). It imports nothing of ours but models.
package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/go-playground/locales"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/agora-events/agora/models"
)

//go:embed locales/*.json
var localeFS embed.FS

// Catalog translates message keys into every supported language, with
// CLDR plural rules. Missing keys fall back to English, then to the key
// itself, so a missing translation degrades, never breaks, a page.
type Catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	zones      sync.Map // time zone name → *time.Location, see In
	// formats are the CLDR date, time and number formats by language,
	// see dates.go.
	formats map[string]locales.Translator
	// staticVersion is StaticVersion(), computed once for asset URLs.
	staticVersion string
}

// NewCatalog loads every translation file; a malformed file is an error.
func NewCatalog() (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &Catalog{bundle: b, localizers: map[string]*i18n.Localizer{}, formats: cldrLocales(), staticVersion: StaticVersion()}
	for _, lang := range models.Languages() {
		if _, err := b.LoadMessageFileFS(localeFS, "locales/"+lang+".json"); err != nil {
			return nil, fmt.Errorf("web: translations %s: %w", lang, err)
		}
		c.localizers[lang] = i18n.NewLocalizer(b, lang, models.DefaultLanguage)
	}
	return c, nil
}

// T translates key into lang, filling {{.Name}} placeholders from data.
func (c *Catalog) T(lang, key string, data map[string]any) string {
	return c.translate(lang, &i18n.LocalizeConfig{MessageID: key, TemplateData: data})
}

// Plural translates key into lang choosing the plural form for n; data
// may use {{.Count}}.
func (c *Catalog) Plural(lang, key string, n int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	data["Count"] = n
	return c.translate(lang, &i18n.LocalizeConfig{MessageID: key, PluralCount: n, TemplateData: data})
}

func (c *Catalog) translate(lang string, cfg *i18n.LocalizeConfig) string {
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[models.DefaultLanguage]
	}
	s, err := l.Localize(cfg)
	if err != nil && s == "" {
		return cfg.MessageID
	}
	return s
}

// Has reports whether key exists in the English catalogue.
func (c *Catalog) Has(key string) bool {
	_, err := c.localizers[models.DefaultLanguage].Localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: 1})
	return err == nil || !strings.Contains(err.Error(), "not found")
}

// LocaleFile returns the raw translation file of lang, for tests that
// compare the key sets of the languages.
func LocaleFile(lang string) ([]byte, error) {
	return localeFS.ReadFile("locales/" + lang + ".json")
}
