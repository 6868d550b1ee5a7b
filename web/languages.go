package web

import "strings"

// nativeNames are languages' names in themselves, as a reader looking for
// their own language recognises them (capitalised as in a list). It covers
// the interface languages and the languages most often spoken at the
// activities; other codes are shown as the code itself.
var nativeNames = map[string]string{
	"en": "English",
	"pl": "Polski",
	"lt": "Lietuvių",
	"lv": "Latviešu",
	"hr": "Hrvatski",
	"es": "Español",
	"tr": "Türkçe",
	"ro": "Română",
	"uk": "Українська",
	"ru": "Русский",
	"ar": "العربية",
	"de": "Deutsch",
	"fr": "Français",
	"it": "Italiano",
	"pt": "Português",
	"nl": "Nederlands",
	"cs": "Čeština",
	"sk": "Slovenčina",
	"sl": "Slovenščina",
	"sr": "Српски",
	"bs": "Bosanski",
	"bg": "Български",
	"hu": "Magyar",
	"el": "Ελληνικά",
	"et": "Eesti",
	"fi": "Suomi",
	"sv": "Svenska",
	"da": "Dansk",
	"no": "Norsk",
	"be": "Беларуская",
	"ka": "ქართული",
	"hy": "Հայերեն",
	"az": "Azərbaycan",
	"fa": "فارسی",
	"ps": "پښتو",
	"ku": "Kurdî",
	"ur": "اردو",
	"hi": "हिन्दी",
	"bn": "বাংলা",
	"so": "Soomaali",
	"ti": "ትግርኛ",
	"am": "አማርኛ",
	"sw": "Kiswahili",
	"vi": "Tiếng Việt",
	"zh": "中文",
	"tl": "Tagalog",
}

// NativeName is the language's name in that language, or its code when
// it is not known.
func NativeName(code string) string {
	if n, ok := nativeNames[code]; ok {
		return n
	}
	return strings.ToUpper(code)
}

// SpokenLanguages are the languages offered in the "language spoken"
// filter, in the order shown: the interface languages, then the others
// known by name.
func SpokenLanguages() []string {
	out := []string{"en", "pl", "lt", "lv", "hr", "es", "tr", "ro", "uk", "ru", "ar",
		"de", "fr", "it", "pt", "nl", "cs", "sk", "sl", "sr", "bs", "bg", "hu", "el", "et", "fi", "sv",
		"da", "no", "be", "ka", "hy", "az", "fa", "ps", "ku", "ur", "hi", "bn", "so", "ti", "am", "sw",
		"vi", "zh", "tl"}
	return out
}
