package web

import (
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/hr"
	"github.com/go-playground/locales/lt"
	"github.com/go-playground/locales/lv"
	"github.com/go-playground/locales/pl"
	"github.com/go-playground/locales/ro"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/tr"
	"github.com/go-playground/locales/uk"

	"github.com/agora-events/agora/models"
)

// This file is Agora's one date, time and number formatter. Pages, emails
// and calendar files all call it, so that a reader sees an activity's time
// written the same way wherever they meet it. The patterns are CLDR's, as
// go-playground/locales generates them: a full date ("Tuesday, 1 December
// 2026") and a short time ("18:00"; Arabic "6:00 م"). Digits are whatever
// CLDR's data for the locale gives (Latin digits for every supported
// language, Arabic included).

// cldrLocales builds the CLDR formatter of every supported language.
// English is British English: Agora's readers are in Europe and expect
// day-month order and a 24-hour clock.
func cldrLocales() map[string]locales.Translator {
	return map[string]locales.Translator{
		"en": en_GB.New(), "pl": pl.New(), "lt": lt.New(), "lv": lv.New(), "hr": hr.New(), "es": es.New(),
		"tr": tr.New(), "ro": ro.New(), "uk": uk.New(), "ru": ru.New(), "ar": ar.New(),
	}
}

// cldr is lang's formatter, English's for a language Agora does not speak.
func (c *Catalog) cldr(lang string) locales.Translator {
	if l, ok := c.formats[lang]; ok {
		return l
	}
	return c.formats[models.DefaultLanguage]
}

// Date is the full date of t in the IANA time zone tz, as lang writes it.
func (c *Catalog) Date(lang string, t time.Time, tz string) string {
	return c.cldr(lang).FmtDateFull(c.In(t, tz))
}

// Time is the time of day of t in the time zone tz, as lang writes it.
func (c *Catalog) Time(lang string, t time.Time, tz string) string {
	return c.cldr(lang).FmtTimeShort(c.In(t, tz))
}

// DateTime is the date and time of t in tz, joined by the translation
// "date.datetime" (CLDR's join pattern is not in the library's data).
func (c *Catalog) DateTime(lang string, t time.Time, tz string) string {
	return c.T(lang, "date.datetime", map[string]any{"Date": c.Date(lang, t, tz), "Time": c.Time(lang, t, tz)})
}

// Span is when an activity happens, in tz: the start's date and time,
// then the end's time after a dash ("Tuesday, 1 December 2026,
// 18:00–20:00"), or the end's date and time when it ends on another day
// ("… 18:00 – Wednesday, 2 December 2026, 02:00"). An end not after the
// start is left out. The page template "when" writes the same text.
func (c *Catalog) Span(lang string, start, end time.Time, tz string) string {
	out := c.DateTime(lang, start, tz)
	switch {
	case !end.After(start):
		return out
	case c.SameDay(start, end, tz):
		return out + "–" + c.Time(lang, end, tz)
	default:
		return out + " – " + c.DateTime(lang, end, tz)
	}
}

// SameDay reports whether a and b fall on the same calendar day in tz.
func (c *Catalog) SameDay(a, b time.Time, tz string) bool {
	y1, m1, d1 := c.In(a, tz).Date()
	y2, m2, d2 := c.In(b, tz).Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

// Number is a whole number as lang writes it.
func (c *Catalog) Number(lang string, n int) string {
	return c.cldr(lang).FmtNumber(float64(n), 0)
}

// In returns t in the IANA time zone tz, or in UTC when tz is unknown.
// Loaded zones are cached: time.LoadLocation reads the zone database on
// every call.
func (c *Catalog) In(t time.Time, tz string) time.Time {
	return t.In(c.Zone(tz))
}

// Zone is the IANA time zone tz, or UTC when tz is empty or unknown.
func (c *Catalog) Zone(tz string) *time.Location {
	if tz == "" {
		return time.UTC
	}
	if loc, ok := c.zones.Load(tz); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	c.zones.Store(tz, loc)
	return loc
}

// Hours is a duration in minutes as hours, as lang writes numbers: whole
// hours without decimals, else with as few as show it ("1.5", "1.75";
// "1,5" in Polish), rounded to two.
func (c *Catalog) Hours(lang string, minutes int) string {
	digits := uint64(2)
	switch {
	case minutes%60 == 0:
		digits = 0
	case minutes*10%60 == 0:
		digits = 1
	}
	return c.cldr(lang).FmtNumber(float64(minutes)/60, digits)
}
