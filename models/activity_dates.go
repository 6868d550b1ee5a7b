package models

import "time"

// The dates an activity may have. Library activities happen within years,
// not millennia: a date outside this window is a typing mistake (9999
// for 2025), and one far enough out cannot even be written as RFC 3339
// in every time zone, which would break every list showing it. Staff may
// record activities of the past for reports, from EarliestActivityYear on.
const EarliestActivityYear = 2000

// ScheduleYearsAhead is how far ahead of now an activity may be scheduled.
const ScheduleYearsAhead = 10

// ScheduleWindow returns the first and the last instant an activity's
// times may be at, judged at now.
func ScheduleWindow(now time.Time) (from, to time.Time) {
	from = time.Date(EarliestActivityYear, time.January, 1, 0, 0, 0, 0, time.UTC)
	return from, now.UTC().AddDate(ScheduleYearsAhead, 0, 0)
}

// CheckSchedule reports the times of a (starts_at, ends_at and the
// registration window) that lie outside ScheduleWindow(now), as a
// validation_failed error naming each; nil when all are inside. A missing
// start or end (zero) is Validate's to report. Create, edit and repeat
// check it, so no activity is stored outside the window of the day it was
// written.
func (a *Activity) CheckSchedule(now time.Time) error {
	from, to := ScheduleWindow(now)
	fields := map[string]FieldError{}
	check := func(path string, t *time.Time) {
		switch {
		case t == nil:
		case t.Before(from):
			fields[path] = FieldError{Key: "date_too_early", Param: from.Format(time.DateOnly)}
		case t.After(to):
			fields[path] = FieldError{Key: "date_too_late", Param: to.Format(time.DateOnly)}
		}
	}
	if !a.StartsAt.IsZero() {
		check("starts_at", &a.StartsAt)
	}
	if !a.EndsAt.IsZero() {
		check("ends_at", &a.EndsAt)
	}
	check("registration_opens_at", a.RegistrationOpensAt)
	check("registration_closes_at", a.RegistrationClosesAt)
	check("draw_at", a.DrawAt)
	if len(fields) == 0 {
		return nil
	}
	return Invalid(fields)
}
