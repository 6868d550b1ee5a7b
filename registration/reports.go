package registration

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// AttendanceFigures are the counts of an attendance report. Signups is
// every signup received (whatever became of it); People is the party
// members of confirmed, attended and no-show signups; Attended and NoShow
// are the party members checked in as such. They are counted from what
// erasure keeps (status and party size), so they survive it.
type AttendanceFigures = store.KindFigures

// AttendanceRow is the figures of one kind of activity.
type AttendanceRow struct {
	Kind string
	AttendanceFigures
}

// MonthRow is the figures of the activities starting in one month
// ("2026-11"), each in its own time zone: the month its librarians and
// attendees saw on the calendar.
type MonthRow struct {
	Month string
	AttendanceFigures
}

// AttendanceReport is attendance by kind and by month over the published
// activities starting in a window, for funders' reports. UniquePeople is
// the number of distinct people (by the keyed hash of their email) among
// the seats held: someone who came to ten activities counts once; guests
// of a party, who gave no email, do not count.
type AttendanceReport struct {
	OrganisationID string
	From           *time.Time
	To             *time.Time
	Rows           []AttendanceRow
	Months         []MonthRow
	Totals         AttendanceFigures
	UniquePeople   int
}

// ReportFilter selects a report: activities starting between From and To
// (inclusive; nil is unbounded), of Organisation (id or slug). Staff get
// their own organisation's figures; only an admin may name another, or
// none for the whole platform.
type ReportFilter struct {
	From, To     *time.Time
	Organisation string
}

// AttendanceReport counts, by kind of activity, the activities, signups,
// people, attended and no-shows over the window. Rows come in the order
// of models.Kinds(), one per kind that had an activity.
func (s *Service) AttendanceReport(ctx context.Context, a *Actor, f ReportFilter) (*AttendanceReport, error) {
	if a == nil {
		return nil, models.Errorf(models.ErrUnauthorized, "no actor")
	}
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return nil, models.Errorf(models.ErrBadRequest, "to is before from")
	}
	orgID := a.User.OrganisationID
	if f.Organisation != "" {
		o, err := s.OrganisationByRef(ctx, f.Organisation)
		if err != nil {
			return nil, err
		}
		orgID = o.ID
	}
	if orgID != "" || a.User.Role != models.RoleAdmin {
		if err := a.Authorize(ActViewReports, orgID); err != nil {
			return nil, err
		}
	}
	q := store.ReportQuery{OrganisationID: orgID, From: f.From, To: f.To}
	acts, err := s.store.AttendanceByActivity(ctx, q)
	if err != nil {
		return nil, err
	}
	r := &AttendanceReport{OrganisationID: orgID, From: f.From, To: f.To, Rows: []AttendanceRow{}, Months: []MonthRow{}}
	if r.UniquePeople, err = s.store.UniquePeople(ctx, q); err != nil {
		return nil, err
	}
	byKind := store.SumByKind(acts)
	for _, kind := range models.Kinds() {
		if k, ok := byKind[kind]; ok && k.Activities > 0 {
			r.Rows = append(r.Rows, AttendanceRow{Kind: kind, AttendanceFigures: k})
			r.Totals.Add(k)
		}
	}
	byMonth := map[string]store.KindFigures{}
	for _, a := range acts {
		loc, err := time.LoadLocation(a.Timezone)
		if err != nil {
			loc = time.UTC // never stored: activities' zones are validated
		}
		month := a.StartsAt.In(loc).Format("2006-01")
		m := byMonth[month]
		m.Add(a.KindFigures)
		byMonth[month] = m
	}
	for _, month := range slices.Sorted(maps.Keys(byMonth)) {
		r.Months = append(r.Months, MonthRow{Month: month, AttendanceFigures: byMonth[month]})
	}
	return r, nil
}
