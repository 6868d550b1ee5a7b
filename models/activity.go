package models

import "time"

// Activity kinds.
const (
	KindLanguageCafe = "language_cafe"
	KindLunch        = "lunch"
	KindEscapeGame   = "escape_game"
	KindConference   = "conference"
	KindWorkshop     = "workshop"
	KindOther        = "other"
)

// Kinds lists every activity kind, in display order.
var Kinds = []string{KindLanguageCafe, KindLunch, KindEscapeGame, KindConference, KindWorkshop, KindOther}

// Activity statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusCancelled = "cancelled"
)

// Question types.
const (
	QuestionText    = "text"
	QuestionChoice  = "choice"
	QuestionBoolean = "boolean"
)

// Venue is where an activity happens. OnlineURL is private: only staff, the
// confirmation email and a confirmed attendee's manage page may show it.
type Venue struct {
	Name          string `bson:"name" json:"name"`
	Address       string `bson:"address,omitempty" json:"address,omitempty"`
	Accessibility string `bson:"accessibility,omitempty" json:"accessibility,omitempty"`
	OnlineURL     string `bson:"online_url,omitempty" json:"online_url,omitempty"`
}

// Question is one extra field of an activity's signup form.
type Question struct {
	ID       string   `bson:"id" json:"id"`
	Type     string   `bson:"type" json:"type"`
	Label    Text     `bson:"label" json:"label"`
	Required bool     `bson:"required" json:"required"`
	Options  []string `bson:"options,omitempty" json:"options,omitempty"`
}

// SeatHolder records that a signup holds Party seats of an activity.
type SeatHolder struct {
	SignupID string `bson:"id"`
	Party    int    `bson:"party"`
}

// Activity is something people sign up for.
//
// Source of truth for seats: the activity document. SeatHolders lists every
// signup that holds seats and SeatsTaken is their party sum; both change in
// one single-document update, so they cannot disagree on MongoDB. A signup's
// own status follows the activity document, and the reconciler repairs it
// (and the counter) after a crash between steps.
type Activity struct {
	ID                   string       `bson:"_id" json:"id"`
	OrganisationID       string       `bson:"organisation_id" json:"organisation_id"`
	Kind                 string       `bson:"kind" json:"kind"`
	Title                Text         `bson:"title" json:"title"`
	Description          Text         `bson:"description,omitempty" json:"description"`
	Languages            []string     `bson:"languages,omitempty" json:"languages"`
	StartsAt             time.Time    `bson:"starts_at" json:"starts_at"`
	EndsAt               time.Time    `bson:"ends_at" json:"ends_at"`
	Timezone             string       `bson:"timezone" json:"timezone"`
	Venue                Venue        `bson:"venue" json:"venue"`
	Capacity             int          `bson:"capacity" json:"capacity"`
	MaxPartySize         int          `bson:"max_party_size" json:"max_party_size"`
	Waitlist             bool         `bson:"waitlist" json:"waitlist"`
	RegistrationOpensAt  *time.Time   `bson:"registration_opens_at,omitempty" json:"registration_opens_at"`
	RegistrationClosesAt *time.Time   `bson:"registration_closes_at,omitempty" json:"registration_closes_at"`
	Questions            []Question   `bson:"questions,omitempty" json:"questions"`
	Status               string       `bson:"status" json:"status"`
	CancelReason         Text         `bson:"cancel_reason,omitempty" json:"cancel_reason,omitempty"`
	SeatsTaken           int          `bson:"seats_taken" json:"seats_taken"`
	SeatHolders          []SeatHolder `bson:"seat_holders" json:"-"`
	SeriesID             *string      `bson:"series_id,omitempty" json:"series_id"`
	CreatedAt            time.Time    `bson:"created_at" json:"created_at"`
	UpdatedAt            time.Time    `bson:"updated_at" json:"updated_at"`
}

// SeatsLeft is the number of free seats, never negative.
func (a *Activity) SeatsLeft() int {
	if n := a.Capacity - a.SeatsTaken; n > 0 {
		return n
	}
	return 0
}

// HoldsSeats reports whether the signup is among the activity's seat holders.
func (a *Activity) HoldsSeats(signupID string) bool {
	for _, h := range a.SeatHolders {
		if h.SignupID == signupID {
			return true
		}
	}
	return false
}

// RegistrationOpen reports whether a signup made at now is accepted by the
// activity's registration window and start time.
func (a *Activity) RegistrationOpen(now time.Time) bool {
	if a.RegistrationOpensAt != nil && now.Before(*a.RegistrationOpensAt) {
		return false
	}
	if a.RegistrationClosesAt != nil && !now.Before(*a.RegistrationClosesAt) {
		return false
	}
	return now.Before(a.StartsAt)
}
