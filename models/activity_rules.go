package models

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// activityRules are the rules between an activity's fields: it ends after
// it starts, registration opens before it closes and before the start,
// and no party may be larger than the whole activity.
func activityRules(sl validator.StructLevel) {
	a := sl.Current().Interface().(Activity)
	if !a.StartsAt.IsZero() && !a.EndsAt.IsZero() && !a.EndsAt.After(a.StartsAt) {
		sl.ReportError(a.EndsAt, "ends_at", "EndsAt", "after_start", "")
	}
	opens, closes := a.RegistrationOpensAt, a.RegistrationClosesAt
	if opens != nil && !a.StartsAt.IsZero() && !opens.Before(a.StartsAt) {
		sl.ReportError(*opens, "registration_opens_at", "RegistrationOpensAt", "before_start", "")
	}
	if closes != nil && !a.StartsAt.IsZero() && closes.After(a.StartsAt) {
		sl.ReportError(*closes, "registration_closes_at", "RegistrationClosesAt", "not_after_start", "")
	} else if opens != nil && closes != nil && !closes.After(*opens) {
		sl.ReportError(*closes, "registration_closes_at", "RegistrationClosesAt", "after_opens", "")
	}
	if a.Capacity >= 1 && a.MaxPartySize > a.Capacity {
		sl.ReportError(a.MaxPartySize, "max_party_size", "MaxPartySize", "party_above_capacity", "")
	}
	if d := a.DrawAt; d != nil && !a.StartsAt.IsZero() && !d.Before(a.StartsAt) {
		sl.ReportError(*d, "draw_at", "DrawAt", "before_start", "")
	} else if d != nil && !a.Waitlist {
		// Those not drawn wait, in drawn order.
		sl.ReportError(*d, "draw_at", "DrawAt", "draw_needs_waitlist", "")
	}
	// Auto mode ignores offer_hours: an activity stored before offers
	// existed has none (SetWaitlistDefaults fills it in).
	if a.OfferHours < 0 || (a.OfferHours == 0 && a.WaitlistMode == WaitlistOffer) {
		sl.ReportError(a.OfferHours, "offer_hours", "OfferHours", "positive", "")
	}
	accessibilityRules(sl, a.Venue.Accessibility)
}

// maxAccessibilityLen is the longest accessibility note, in characters,
// in each language.
const maxAccessibilityLen = 2000

// accessibilityRules checks the venue's accessibility note in either
// form: each text at most maxAccessibilityLen characters; by language,
// language codes as keys, no empty text and at least one language.
func accessibilityRules(sl validator.StructLevel, f FlexText) {
	const path = "venue.accessibility"
	tooLong := func(s string) bool { return utf8.RuneCountInString(s) > maxAccessibilityLen }
	if !f.Multilingual() {
		if tooLong(f.Plain) {
			sl.ReportError(f.Plain, path, "Accessibility", "max", strconv.Itoa(maxAccessibilityLen))
		}
		return
	}
	if len(f.Text) == 0 {
		sl.ReportError(f.Text, path, "Accessibility", "min", "1")
	}
	for l, s := range f.Text {
		switch {
		case !IsLanguageCode(l):
			sl.ReportError(l, path+"."+l, "Accessibility", "lang", "")
		case s == "":
			sl.ReportError(s, path+"."+l, "Accessibility", "required", "")
		case tooLong(s):
			sl.ReportError(s, path+"."+l, "Accessibility", "max", strconv.Itoa(maxAccessibilityLen))
		}
	}
}

// SetSearchText recomputes SearchText from the titles; call it whenever
// the title changes.
func (a *Activity) SetSearchText() {
	langs := make([]string, 0, len(a.Title))
	for l := range a.Title {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	parts := make([]string, 0, len(langs))
	for _, l := range langs {
		parts = append(parts, a.Title[l])
	}
	a.SearchText = FoldSearch(strings.Join(parts, " | "))
}

// FoldSearch folds text for substring search: lower case, without accents,
// so that "cafe" finds "Café" and "kawiarenka" finds "Kawiarenka".
func FoldSearch(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	return strings.ToLower(folded)
}
