package web

import (
	"testing"

	"github.com/agora-events/agora/models"
)

func TestPick(t *testing.T) {
	cases := []struct {
		name               string
		text               models.Text
		reader, orgDefault string
		wantText, wantLang string
	}{
		{"OKReader", models.Text{"en": "Café", "pl": "Kawiarnia", "ar": "مقهى"}, "ar", "pl", "مقهى", "ar"},
		{"OKOrgDefault", models.Text{"en": "Café", "pl": "Kawiarnia"}, "uk", "pl", "Kawiarnia", "pl"},
		{"OKEnglishWithoutOrgDefault", models.Text{"en": "Café", "pl": "Kawiarnia"}, "uk", "", "Café", "en"},
		{"OKEnglishBeforeOtherLanguages", models.Text{"uk": "Кафе", "en": "Café", "pl": "Kawiarnia"}, "ar", "lt", "Café", "en"},
		// Without English, the first language in SpokenLanguages' order,
		// whatever the map's order: Polish comes before Ukrainian there
		// (and alphabetical order would have chosen "de").
		{"OKFirstSupportedLanguage", models.Text{"uk": "Кафе", "pl": "Kawiarnia", "de": "Café"}, "ar", "", "Kawiarnia", "pl"},
		{"OKKnownBeforeUnknownCodes", models.Text{"zz": "?", "de": "Café"}, "ar", "", "Café", "de"},
		{"OKUnknownCodesAlphabetically", models.Text{"zz": "?", "qq": "!"}, "ar", "", "!", "qq"},
		{"OKEmptyIsMissing", models.Text{"ar": "", "en": "Café"}, "ar", "", "Café", "en"},
		{"OKNothing", models.Text{"ar": ""}, "ar", "pl", "", ""},
		{"OKNil", nil, "en", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < 20; i++ { // maps are unordered: the answer must not be
				text, lang := Pick(tc.text, tc.reader, tc.orgDefault)
				if text != tc.wantText || lang != tc.wantLang {
					t.Fatalf("Pick = %q, %q; want %q, %q", text, lang, tc.wantText, tc.wantLang)
				}
			}
			if got := PickText(tc.text, tc.reader, tc.orgDefault); got != tc.wantText {
				t.Fatalf("PickText = %q, want %q", got, tc.wantText)
			}
		})
	}
}

func TestDir(t *testing.T) {
	for _, lang := range []string{"ar", "fa", "ps", "ur", "he", "yi"} {
		if Dir(lang) != "rtl" || !IsRTL(lang) {
			t.Errorf("%s: want right to left", lang)
		}
	}
	for _, lang := range append(models.Languages(), "de", "", "xx") {
		if lang == "ar" {
			continue
		}
		if Dir(lang) != "ltr" || IsRTL(lang) {
			t.Errorf("%q: want left to right", lang)
		}
	}
}
