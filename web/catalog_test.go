package web

import (
	"encoding/json"
	"regexp"
	"sort"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/agora-events/agora/models"
)

// localeKeys reads a translation file and returns its messages by key.
func localeKeys(t *testing.T, lang string) map[string]json.RawMessage {
	t.Helper()
	raw, err := LocaleFile(lang)
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s.json is not a JSON object: %v", lang, err)
	}
	return m
}

// TestLocalesHaveEveryEnglishKey fails when a translation file lacks a key
// of the English master file, or has a key English does not know.
func TestLocalesHaveEveryEnglishKey(t *testing.T) {
	en := localeKeys(t, models.DefaultLanguage)
	for _, lang := range models.Languages() {
		t.Run(lang, func(t *testing.T) {
			other := localeKeys(t, lang)
			var missing, extra []string
			for k := range en {
				if _, ok := other[k]; !ok {
					missing = append(missing, k)
				}
			}
			for k := range other {
				if _, ok := en[k]; !ok {
					extra = append(extra, k)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			if len(missing) > 0 {
				t.Errorf("%s.json lacks %d keys of en.json: %v", lang, len(missing), missing)
			}
			if len(extra) > 0 {
				t.Errorf("%s.json has keys en.json lacks: %v", lang, extra)
			}
		})
	}
}

// TestPluralMessagesCoverEveryForm renders every plural message of every
// language for counts that reach each CLDR plural category (zero, one,
// two, few, many, other in Arabic; one/few/many in Slavic and Baltic
// languages), so a missing form fails here instead of on a page.
func TestPluralMessagesCoverEveryForm(t *testing.T) {
	en := localeKeys(t, models.DefaultLanguage)
	var pluralKeys []string
	for k, v := range en {
		if len(v) > 0 && v[0] == '{' {
			pluralKeys = append(pluralKeys, k)
		}
	}
	if len(pluralKeys) == 0 {
		t.Fatal("en.json has no plural messages; the page templates use several")
	}
	counts := []int{0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111, 1000000}
	for _, lang := range models.Languages() {
		t.Run(lang, func(t *testing.T) {
			b := i18n.NewBundle(language.English)
			b.RegisterUnmarshalFunc("json", json.Unmarshal)
			if _, err := b.LoadMessageFileFS(localeFS, "locales/"+lang+".json"); err != nil {
				t.Fatal(err)
			}
			l := i18n.NewLocalizer(b, lang)
			for _, key := range pluralKeys {
				for _, n := range counts {
					_, err := l.Localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: n,
						TemplateData: map[string]any{"Count": n}})
					if err != nil {
						t.Errorf("%s %s n=%d: %v", lang, key, n, err)
					}
				}
			}
		})
	}
}

// tCall finds the translation keys templates use literally: {{t "key"}},
// (t "key" ...), {{plural "key" n}}.
var tCall = regexp.MustCompile(`\b(?:t|plural)\s+"([^"]+)"`)

// TestTemplatesUseOnlyKnownKeys fails when a template names a translation
// key that en.json lacks. Keys built at run time (kind.<kind>) are checked
// for every value they can take.
func TestTemplatesUseOnlyKnownKeys(t *testing.T) {
	en := localeKeys(t, models.DefaultLanguage)
	files, err := TemplateFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no templates found")
	}
	used := 0
	for name, text := range files {
		for _, m := range tCall.FindAllStringSubmatch(text, -1) {
			used++
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s uses key %q, missing from en.json", name, m[1])
			}
		}
	}
	if used < 20 {
		t.Errorf("found only %d translation calls in templates; is the pattern still right?", used)
	}
	for _, k := range models.Kinds() {
		if _, ok := en["kind."+k]; !ok {
			t.Errorf("en.json lacks kind.%s", k)
		}
	}
	for _, s := range []string{models.SignupConfirmed, models.SignupWaitlisted, models.SignupCancelled,
		models.SignupAttended, models.SignupNoShow} {
		if _, ok := en["status."+s]; !ok {
			t.Errorf("en.json lacks status.%s", s)
		}
	}
	for code := range map[string]bool{models.ErrNotFound: true, models.ErrAlreadyRegistered: true,
		models.ErrRegistrationClosed: true, models.ErrFull: true, models.ErrRateLimited: true} {
		if _, ok := en["error."+code]; !ok {
			t.Errorf("en.json lacks error.%s", code)
		}
	}
}
