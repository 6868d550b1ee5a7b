package web

import (
	"slices"
	"strings"
	"time"
)

// timeZones are the zones the console offers, Europe's first (where the
// libraries are), then a few where partner organisations work, then UTC.
// A curated list rather than every zone: Go cannot enumerate the zones it
// knows, and the ~600 of the IANA database would weigh some 30 kB on each
// form, half a console page's budget. Aliases the IANA database keeps
// only for old data (Europe/Kiev, Europe/Belfast, …) are left out.
var timeZones = []string{
	"Europe/Amsterdam", "Europe/Andorra", "Europe/Astrakhan", "Europe/Athens", "Europe/Belgrade", "Europe/Berlin",
	"Europe/Bratislava", "Europe/Brussels", "Europe/Bucharest", "Europe/Budapest", "Europe/Busingen",
	"Europe/Chisinau", "Europe/Copenhagen", "Europe/Dublin", "Europe/Gibraltar", "Europe/Guernsey",
	"Europe/Helsinki", "Europe/Isle_of_Man", "Europe/Istanbul", "Europe/Jersey", "Europe/Kaliningrad",
	"Europe/Kirov", "Europe/Kyiv", "Europe/Lisbon", "Europe/Ljubljana", "Europe/London", "Europe/Luxembourg",
	"Europe/Madrid", "Europe/Malta", "Europe/Mariehamn", "Europe/Minsk", "Europe/Monaco", "Europe/Moscow",
	"Europe/Nicosia", "Europe/Oslo", "Europe/Paris", "Europe/Podgorica", "Europe/Prague", "Europe/Riga",
	"Europe/Rome", "Europe/Samara", "Europe/San_Marino", "Europe/Sarajevo", "Europe/Saratov",
	"Europe/Simferopol", "Europe/Skopje", "Europe/Sofia", "Europe/Stockholm", "Europe/Tallinn", "Europe/Tirane",
	"Europe/Ulyanovsk", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna", "Europe/Vilnius", "Europe/Volgograd",
	"Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich",
	"Atlantic/Azores", "Atlantic/Canary", "Atlantic/Faroe", "Atlantic/Madeira", "Atlantic/Reykjavik",
	"Africa/Cairo", "Africa/Casablanca", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "Africa/Tunis",
	"America/Chicago", "America/Denver", "America/Los_Angeles", "America/Mexico_City", "America/New_York",
	"America/Sao_Paulo", "America/Toronto",
	"Asia/Amman", "Asia/Baku", "Asia/Beirut", "Asia/Dubai", "Asia/Jerusalem", "Asia/Kolkata", "Asia/Tbilisi",
	"Asia/Tokyo", "Asia/Yerevan", "Australia/Sydney",
	"UTC",
}

// TimeZone is one choice of a time zone list.
type TimeZone struct {
	ID, Label string
}

// TimeZones lists the zones a console form offers, labelled with their
// offset from UTC at now ("Europe/Warsaw (UTC+01:00)"). current, when
// set and not in the list (an activity imported from elsewhere), is
// added first, so that a form never loses a valid zone.
func TimeZones(current string, now time.Time) []TimeZone {
	ids := timeZones
	if current != "" && !slices.Contains(ids, current) {
		if _, err := time.LoadLocation(current); err == nil {
			ids = append([]string{current}, ids...)
		}
	}
	out := make([]TimeZone, 0, len(ids))
	for _, id := range ids {
		loc, err := time.LoadLocation(id)
		if err != nil {
			continue // never: the list is tested, tzdata is embedded
		}
		label := strings.ReplaceAll(id, "_", " ") + " (UTC" + now.In(loc).Format("-07:00") + ")"
		out = append(out, TimeZone{ID: id, Label: label})
	}
	return out
}
