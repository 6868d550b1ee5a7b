package models

import "time"

// Schedule is what an attendee's calendar entry holds of an activity: when
// and where it happens. A change to it is announced to everyone signed up
// and raises the activity's Revision.
type Schedule struct {
	StartsAt  time.Time `bson:"starts_at" json:"starts_at"`
	EndsAt    time.Time `bson:"ends_at" json:"ends_at"`
	Venue     string    `bson:"venue,omitempty" json:"venue,omitempty"`
	Address   string    `bson:"address,omitempty" json:"address,omitempty"`
	OnlineURL string    `bson:"online_url,omitempty" json:"online_url,omitempty"`
}

// Schedule returns the activity's current schedule.
func (a *Activity) Schedule() Schedule {
	return Schedule{StartsAt: a.StartsAt.UTC(), EndsAt: a.EndsAt.UTC(), Venue: a.Venue.Name,
		Address: a.Venue.Address, OnlineURL: a.Venue.OnlineURL}
}

// Equal reports whether two schedules describe the same time and place.
func (s Schedule) Equal(o Schedule) bool {
	return s.StartsAt.Equal(o.StartsAt) && s.EndsAt.Equal(o.EndsAt) && s.Venue == o.Venue &&
		s.Address == o.Address && s.OnlineURL == o.OnlineURL
}

// ChangeNotice is an announcement of a schedule change waiting to be sent:
// several edits before Due make one email per person, which says what
// changed from Old (the schedule before the first of them) to the
// activity's schedule at the last. Window, the revision the first edit
// made, names the emails (their de-duplication keys), so that each edit in
// the window rewrites them instead of adding more.
type ChangeNotice struct {
	Window int       `bson:"window" json:"window"`
	Due    time.Time `bson:"due" json:"due"`
	Old    Schedule  `bson:"old" json:"old"`
	// Queued says the emails of the notice's latest content are in the
	// outbox. Where the edit and its emails are separate writes (MongoDB),
	// the edit is saved with Queued false and marked after the emails, so
	// that a crash in between leaves a mark the reconciler finishes from.
	Queued bool `bson:"queued,omitempty" json:"queued,omitempty"`
}

// Reschedule records that an edit at now moved the activity from before
// to its current schedule: it raises Revision (the SEQUENCE of every
// calendar file sent about the activity, which must grow with each
// change) and, for a published activity, opens a ChangeNotice due after
// delay or joins the one still waiting. It reports whether people are to
// be told; an edit that leaves the schedule as it was changes nothing.
func (a *Activity) Reschedule(before Schedule, now time.Time, delay time.Duration) bool {
	if before.Equal(a.Schedule()) {
		return false
	}
	a.Revision++
	if a.Status != StatusPublished {
		return false
	}
	if a.ChangeNotice == nil || !now.Before(a.ChangeNotice.Due) {
		a.ChangeNotice = &ChangeNotice{Window: a.Revision, Due: now.Add(delay), Old: before}
	}
	return true
}

// CalendarSequence is the SEQUENCE of a calendar file about a signup of
// the activity: the revision, one more for a cancellation, which is the
// last word on the entry (a cancelled activity or signup never changes
// again, so the value never goes down for the entry's UID).
func (a *Activity) CalendarSequence(cancelled bool) int {
	if cancelled {
		return a.Revision + 1
	}
	return a.Revision
}
