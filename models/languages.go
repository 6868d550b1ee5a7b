package models

// Languages are the languages Agora's interface and emails are translated
// into, in the order the language picker shows them. English is the fallback.
var Languages = []string{"en", "pl", "lt", "lv", "hr", "es", "tr", "ro", "uk", "ru", "ar"}

// DefaultLanguage is used when nothing better is known about the reader.
const DefaultLanguage = "en"

// IsSupportedLanguage reports whether lang is one of Languages.
func IsSupportedLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// IsRTL reports whether lang is written right to left.
func IsRTL(lang string) bool { return lang == "ar" }
