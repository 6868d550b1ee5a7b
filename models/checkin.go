package models

import "time"

// DefaultCheckInOpensBefore is how long before the start the door opens
// for check-in unless configured (CHECKIN_OPENS_BEFORE): early enough for
// people who come early, late enough that nobody is marked as come (or
// not) days before the activity by a slip of the finger.
const DefaultCheckInOpensBefore = 2 * time.Hour

// CheckInOpen reports whether attendance may be recorded at now for an
// activity that starts at startsAt: from opensBefore before the start on.
// It stays open after the end so that staff can correct who came. It is
// the one rule that both registration (which refuses) and the console
// (which offers the buttons) follow.
func CheckInOpen(startsAt, now time.Time, opensBefore time.Duration) bool {
	return !now.Before(startsAt.Add(-opensBefore))
}
