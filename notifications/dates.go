package notifications

import (
	"fmt"
	"strings"
	"time"
)

// dateStyle is how one language writes a full date and a time of day,
// after CLDR's "full" date and "short" time patterns for the language
// (British English for en, as Agora's users are in Europe).
type dateStyle struct {
	weekdays [7]string  // Sunday first, as time.Weekday
	months   [12]string // in the grammatical case the date pattern needs
	// date assembles weekday, day, month and year.
	date func(wd, day, month, year string) string
	// twelveHour writes times as h:mm followed by am/pm markers.
	twelveHour bool
	am, pm     string
	// comma joins date and time ("، " in Arabic); default ", ".
	comma string
	// digits replaces 0-9, for languages whose CLDR default numbering
	// system is not Latin (Arabic: Arabic-Indic digits).
	digits *strings.Replacer
}

var dateStyles = map[string]dateStyle{
	"en": {
		weekdays: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		months:   [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		date:     func(wd, d, m, y string) string { return wd + " " + d + " " + m + " " + y },
	},
	"pl": {
		weekdays: [7]string{"niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"},
		months:   [12]string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"},
		date:     func(wd, d, m, y string) string { return wd + ", " + d + " " + m + " " + y },
	},
	"lt": {
		weekdays: [7]string{"sekmadienis", "pirmadienis", "antradienis", "trečiadienis", "ketvirtadienis", "penktadienis", "šeštadienis"},
		months:   [12]string{"sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio"},
		date:     func(wd, d, m, y string) string { return y + " m. " + m + " " + d + " d., " + wd },
	},
	"lv": {
		weekdays: [7]string{"svētdiena", "pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena"},
		months:   [12]string{"janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris"},
		date:     func(wd, d, m, y string) string { return wd + ", " + y + ". gada " + d + ". " + m },
	},
	"hr": {
		weekdays: [7]string{"nedjelja", "ponedjeljak", "utorak", "srijeda", "četvrtak", "petak", "subota"},
		months:   [12]string{"siječnja", "veljače", "ožujka", "travnja", "svibnja", "lipnja", "srpnja", "kolovoza", "rujna", "listopada", "studenoga", "prosinca"},
		date:     func(wd, d, m, y string) string { return wd + ", " + d + ". " + m + " " + y + "." },
	},
	"es": {
		weekdays: [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
		months:   [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		date:     func(wd, d, m, y string) string { return wd + ", " + d + " de " + m + " de " + y },
	},
	"tr": {
		weekdays: [7]string{"Pazar", "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi"},
		months:   [12]string{"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"},
		date:     func(wd, d, m, y string) string { return d + " " + m + " " + y + " " + wd },
	},
	"ro": {
		weekdays: [7]string{"duminică", "luni", "marți", "miercuri", "joi", "vineri", "sâmbătă"},
		months:   [12]string{"ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie", "octombrie", "noiembrie", "decembrie"},
		date:     func(wd, d, m, y string) string { return wd + ", " + d + " " + m + " " + y },
	},
	"uk": {
		weekdays: [7]string{"неділя", "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота"},
		months:   [12]string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"},
		date:     func(wd, d, m, y string) string { return wd + ", " + d + " " + m + " " + y + " р." },
	},
	"ru": {
		weekdays: [7]string{"воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"},
		months:   [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		date:     func(wd, d, m, y string) string { return wd + ", " + d + " " + m + " " + y + " г." },
	},
	"ar": {
		weekdays:   [7]string{"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"},
		months:     [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		date:       func(wd, d, m, y string) string { return wd + "، " + d + " " + m + " " + y },
		twelveHour: true, am: "ص", pm: "م", comma: "، ",
		digits: strings.NewReplacer("0", "٠", "1", "١", "2", "٢", "3", "٣", "4", "٤", "5", "٥", "6", "٦", "7", "٧", "8", "٨", "9", "٩"),
	},
}

func styleFor(lang string) dateStyle {
	if s, ok := dateStyles[lang]; ok {
		return s
	}
	return dateStyles["en"]
}

// localDigits writes s's Latin digits in the language's own digits.
func (s dateStyle) localDigits(out string) string {
	if s.digits == nil {
		return out
	}
	return s.digits.Replace(out)
}

// FormatDate writes t's calendar date as lang writes a full date.
func FormatDate(lang string, t time.Time) string {
	s := styleFor(lang)
	return s.localDigits(s.date(s.weekdays[t.Weekday()], fmt.Sprint(t.Day()), s.months[t.Month()-1], fmt.Sprint(t.Year())))
}

// FormatTime writes t's time of day as lang writes it.
func FormatTime(lang string, t time.Time) string {
	s := styleFor(lang)
	var out string
	if s.twelveHour {
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		marker := s.am
		if t.Hour() >= 12 {
			marker = s.pm
		}
		out = fmt.Sprintf("%d:%02d %s", h, t.Minute(), marker)
	} else {
		out = fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute())
	}
	return s.localDigits(out)
}

// FormatSpan writes when an activity happens, in its own time zone, the
// way lang writes dates and times: "Tuesday 1 December 2026, 18:00–20:00
// (Europe/Warsaw)", with the end date too when it ends on another day.
func FormatSpan(lang string, start, end time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc, zone = time.UTC, "UTC"
	}
	start, end = start.In(loc), end.In(loc)
	comma := styleFor(lang).comma
	if comma == "" {
		comma = ", "
	}
	out := FormatDate(lang, start) + comma + FormatTime(lang, start)
	if !end.IsZero() && end.After(start) {
		if sameDay(start, end) {
			out += "–" + FormatTime(lang, end)
		} else {
			out += " – " + FormatDate(lang, end) + comma + FormatTime(lang, end)
		}
	}
	return out + " (" + zone + ")"
}

func sameDay(a, b time.Time) bool {
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

// FormatNumber writes a whole number in lang's digits.
func FormatNumber(lang string, n int) string {
	return styleFor(lang).localDigits(fmt.Sprint(n))
}
