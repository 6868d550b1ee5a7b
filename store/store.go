// Package store holds what every persistence implementation shares: the
// query and filter types of the store contract that registration and
// notifications define, and the sentinel meanings implementations must
// give their errors (models error codes). The implementations live below:
// store/sqlite, the embedded default, and store/mongo, for deployments on
// MongoDB; store/storetest is the conformance suite both must pass.
package store

import (
	"time"

	"github.com/agora-events/agora/models"
)

// ActivityScope is one slice of what a caller may list: activities in one
// of Statuses, of OrganisationID only when it is not empty.
type ActivityScope struct {
	Statuses       []string
	OrganisationID string
}

// ActivityCursor is the position after the last activity of a page.
type ActivityCursor struct {
	StartsAt time.Time
	ID       string
}

// ActivityQuery selects activities for a list, soonest first (latest
// first when Descending).
type ActivityQuery struct {
	Scopes    []ActivityScope // at least one; an activity in any of them qualifies
	EndsAfter time.Time       // hides activities that ended by then (zero: none hidden)
	// EndedBy, when set, keeps only the activities that ended by then:
	// the console's past activities, which must stay reachable.
	EndedBy *time.Time
	// Descending orders by start then id, latest first, and makes After
	// the position before which the next page starts: past activities
	// are wanted newest first.
	Descending     bool
	Kind           string
	Language       string // spoken at the activity
	OrganisationID string
	From, To       *time.Time // bounds on starts_at, inclusive
	Text           string     // folded (models.FoldSearch) substring of a title
	After          *ActivityCursor
	Limit          int
}

// AuditCursor is the position after the last entry of a page.
type AuditCursor struct {
	At time.Time
	ID string
}

// AuditFilter selects audit entries: one organisation's (empty: every
// entry, for an admin), newest first, after the cursor when given.
type AuditFilter struct {
	OrganisationID string
	After          *AuditCursor
	Limit          int
}

// OutboxRetry is a temporary failure: the email is due again at Next,
// after Attempts attempts.
type OutboxRetry struct {
	ID        string
	Attempts  int
	Next      time.Time
	LastError string
}

// OutboxFailure is a permanent failure after Attempts attempts.
type OutboxFailure struct {
	Email     *models.OutboxEmail
	Attempts  int
	LastError string
}

// OutboxFilter selects emails for staff: one organisation's (empty: all,
// for an admin), in one status (empty: any), newest first, after the
// cursor (an email id) when given.
type OutboxFilter struct {
	OrganisationID string
	Status         string
	After          string
	Limit          int
}

// OutboxScope names the emails to erase: a signup's, or every email about
// an activity (its signups' and its organiser messages').
type OutboxScope struct {
	ActivityID string
	SignupID   string
}

// SignupCursor is the position after which a page of signups starts.
type SignupCursor struct {
	CreatedAt time.Time
	ID        string
}

// KindFigures are the attendance counts of one kind of activity: how many
// activities, signups received (any status but pending), people (party
// members of confirmed, attended and no-show signups), and party members
// checked in as attended or no-show. They are computed from what erasure
// keeps (status and party size), so they survive it.
type KindFigures struct {
	Activities int
	Signups    int
	People     int
	Attended   int
	NoShow     int
}

// Add adds o's counts to k.
func (k *KindFigures) Add(o KindFigures) {
	k.Activities += o.Activities
	k.Signups += o.Signups
	k.People += o.People
	k.Attended += o.Attended
	k.NoShow += o.NoShow
}

// ActivityFigures are the attendance counts of one activity (Activities
// is 1), with what reports group them by: its kind, and its start in its
// own time zone for the month.
type ActivityFigures struct {
	ID, Kind, Timezone string
	StartsAt           time.Time
	KindFigures
}

// SumByKind sums activities' figures per kind; kinds without an activity
// are absent.
func SumByKind(rows []ActivityFigures) map[string]KindFigures {
	out := map[string]KindFigures{}
	for _, r := range rows {
		k := out[r.Kind]
		k.Add(r.KindFigures)
		out[r.Kind] = k
	}
	return out
}

// ReportQuery selects the published activities a report covers: starting
// between From and To (inclusive; nil is unbounded), of OrganisationID
// ("" is every organisation).
type ReportQuery struct {
	OrganisationID string
	From, To       *time.Time
}
