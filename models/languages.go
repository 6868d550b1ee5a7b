package models

// languages are the languages Agora's interface and emails are translated
// into, in the order the language picker shows them. Unexported so that no
// caller can change the list at run time; Languages hands out a copy.
var languages = [...]string{"en", "pl", "lt", "lv", "hr", "es", "tr", "ro", "uk", "ru", "ar"}

// Languages returns the supported languages in the picker's order. The
// slice is a fresh copy each call: callers may sort or append to it.
func Languages() []string { return append([]string(nil), languages[:]...) }

// DefaultLanguage is used when nothing better is known about the reader.
const DefaultLanguage = "en"

// IsSupportedLanguage reports whether lang is one of Languages.
func IsSupportedLanguage(lang string) bool {
	for _, l := range languages {
		if l == lang {
			return true
		}
	}
	return false
}
