package registration

import (
	"context"
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/store"
)

// AttendanceFigures are the counts of an attendance report. Signups is
// every signup received (whatever became of it); People is the party
// members of confirmed, attended and no-show signups; Attended and NoShow
// are the party members checked in as such. They are counted from what
// erasure keeps (status and party size), so they survive it.
type AttendanceFigures struct {
	Activities int
	Signups    int
	People     int
	Attended   int
	NoShow     int
}

func (f *AttendanceFigures) add(o AttendanceFigures) {
	f.Activities += o.Activities
	f.Signups += o.Signups
	f.People += o.People
	f.Attended += o.Attended
	f.NoShow += o.NoShow
}

// AttendanceRow is the figures of one kind of activity.
type AttendanceRow struct {
	Kind string
	AttendanceFigures
}

// AttendanceReport is attendance by kind over the published activities
// starting in a window, for funders' reports.
type AttendanceReport struct {
	OrganisationID string
	From           *time.Time
	To             *time.Time
	Rows           []AttendanceRow
	Totals         AttendanceFigures
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
	byKind, err := s.store.AttendanceByKind(ctx, store.ReportQuery{OrganisationID: orgID, From: f.From, To: f.To})
	if err != nil {
		return nil, err
	}
	r := &AttendanceReport{OrganisationID: orgID, From: f.From, To: f.To, Rows: []AttendanceRow{}}
	for _, kind := range models.Kinds() {
		if k, ok := byKind[kind]; ok && k.Activities > 0 {
			row := AttendanceFigures{Activities: k.Activities, Signups: k.Signups, People: k.People,
				Attended: k.Attended, NoShow: k.NoShow}
			r.Rows = append(r.Rows, AttendanceRow{Kind: kind, AttendanceFigures: row})
			r.Totals.add(row)
		}
	}
	return r, nil
}
