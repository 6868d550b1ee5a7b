package api

import (
	"time"

	"github.com/agora-events/agora/models"
	"github.com/agora-events/agora/registration"
)

// The API's answers are its own types, mapped from the results of the use
// cases: registration's types carry no JSON names, so the contract
// (API.md, openapi.json) changes only here. Lists keep null for an absent
// list and [] for an empty one, as the use cases return them.

// page is one page of a list: its items and the cursor of the next page,
// null on the last.
type page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// activityJSON is an activity as the API answers it: the activity, its
// seats left and the length of its waiting list.
type activityJSON struct {
	models.Activity
	SeatsLeft     int `json:"seats_left"`
	WaitlistCount int `json:"waitlist_count"`
}

func activityOf(v *registration.ActivityView) activityJSON {
	return activityJSON{Activity: v.Activity, SeatsLeft: v.SeatsLeft, WaitlistCount: v.WaitlistCount}
}

func activitiesOf(vs []registration.ActivityView) []activityJSON {
	if vs == nil {
		return nil
	}
	out := make([]activityJSON, len(vs))
	for i := range vs {
		out[i] = activityOf(&vs[i])
	}
	return out
}

// figuresJSON are the counts of an attendance report.
type figuresJSON struct {
	Activities int `json:"activities"`
	Signups    int `json:"signups"`
	People     int `json:"people"`
	Attended   int `json:"attended"`
	NoShow     int `json:"no_show"`
}

func figuresOf(f registration.AttendanceFigures) figuresJSON {
	return figuresJSON{Activities: f.Activities, Signups: f.Signups, People: f.People, Attended: f.Attended, NoShow: f.NoShow}
}

// attendanceJSON is the attendance report: one row per kind of activity,
// one per month, and the totals.
type attendanceJSON struct {
	OrganisationID string              `json:"organisation_id,omitempty"`
	From           *time.Time          `json:"from"`
	To             *time.Time          `json:"to"`
	Rows           []attendanceRowJSON `json:"rows"`
	Months         []monthRowJSON      `json:"months"`
	Totals         totalsJSON          `json:"totals"`
}

type monthRowJSON struct {
	Month string `json:"month"`
	figuresJSON
}

type totalsJSON struct {
	figuresJSON
	UniquePeople int `json:"unique_people"`
}

type attendanceRowJSON struct {
	Kind string `json:"kind"`
	figuresJSON
}

func attendanceOf(r *registration.AttendanceReport) attendanceJSON {
	out := attendanceJSON{OrganisationID: r.OrganisationID, From: r.From, To: r.To,
		Totals: totalsJSON{figuresJSON: figuresOf(r.Totals), UniquePeople: r.UniquePeople}, Months: []monthRowJSON{}}
	for _, m := range r.Months {
		out.Months = append(out.Months, monthRowJSON{Month: m.Month, figuresJSON: figuresOf(m.AttendanceFigures)})
	}
	if r.Rows != nil {
		out.Rows = make([]attendanceRowJSON, len(r.Rows))
		for i, row := range r.Rows {
			out.Rows[i] = attendanceRowJSON{Kind: row.Kind, figuresJSON: figuresOf(row.AttendanceFigures)}
		}
	}
	return out
}

// messageStatusJSON is how far the emails of an organiser's message got.
type messageStatusJSON struct {
	ID         string `json:"id"`
	Recipients int    `json:"recipients"`
	Sent       int    `json:"sent"`
	Failed     int    `json:"failed"`
	Pending    int    `json:"pending"`
}

// loginJSON is the answer to a login: the bearer token, when it expires,
// and who it belongs to.
type loginJSON struct {
	Token     string      `json:"token"`
	ExpiresAt time.Time   `json:"expires_at"`
	User      models.User `json:"user"`
}
