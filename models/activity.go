package models

import (
	"slices"
	"time"
)

// Activity kinds.
const (
	KindLanguageCafe = "language_cafe"
	KindLunch        = "lunch"
	KindEscapeGame   = "escape_game"
	KindConference   = "conference"
	KindWorkshop     = "workshop"
	KindOther        = "other"
)

// kinds lists every activity kind, in display order. It is unexported so
// that no caller can change the list the whole process relies on.
var kinds = []string{KindLanguageCafe, KindLunch, KindEscapeGame, KindConference, KindWorkshop, KindOther}

// Kinds returns every activity kind, in display order, as a fresh slice the
// caller may keep or change.
func Kinds() []string { return slices.Clone(kinds) }

// IsKind reports whether k is an activity kind.
func IsKind(k string) bool { return slices.Contains(kinds, k) }

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
	Name    string `bson:"name" json:"name" validate:"max=200"`
	Address string `bson:"address,omitempty" json:"address,omitempty" validate:"max=500"`
	// Accessibility is one note for every reader or one per language;
	// activityRules checks it.
	Accessibility FlexText `bson:"accessibility,omitempty" json:"accessibility,omitzero"`
	OnlineURL     string   `bson:"online_url,omitempty" json:"online_url,omitempty" validate:"omitempty,max=2000,http_url"`
}

// Question is one extra field of an activity's signup form.
type Question struct {
	ID       string   `bson:"id" json:"id" validate:"required,max=40,qid"`
	Type     string   `bson:"type" json:"type" validate:"required,oneof=text choice boolean"`
	Label    Text     `bson:"label" json:"label" validate:"required,min=1,dive,keys,lang,endkeys,required,max=300"`
	Required bool     `bson:"required" json:"required"`
	Options  []Option `bson:"options,omitempty" json:"options,omitempty" validate:"required_if=Type choice,excluded_unless=Type choice,omitempty,max=50,unique=ID,dive"`
}

// SeatHolder records that a signup holds Party seats of an activity, or
// waits for them.
//
// Queue is the signup's place in the order of the waiting list: the
// signup's time (CreatedAt, in Unix milliseconds, taken before the request
// waits for the activity's lock), or the rank a draw gave it (see
// DrawQueue). The waiting list is kept in ascending Queue; equal values
// keep the order in which they joined. So the list follows signup time, not
// the order in which requests happened to take the lock; registration
// makes signup times unique within a process (see Service.signupTime), so
// that the staff list, ordered by (created_at, id), agrees with it. 0 is
// a place written before Queue existed: it sorts first, in joining order.
type SeatHolder struct {
	SignupID string `bson:"id"`
	Party    int    `bson:"party"`
	Queue    int64  `bson:"queue"`
}

// QueueAt is the Queue of a signup made at t.
func QueueAt(t time.Time) int64 { return t.UnixMilli() }

// WaitingInsertAt is where h joins the waiting list list (kept in Queue
// order): after every entry whose Queue is not greater than its own.
func WaitingInsertAt(list []SeatHolder, h SeatHolder) int {
	i := len(list)
	for i > 0 && list[i-1].Queue > h.Queue {
		i--
	}
	return i
}

// Activity is something people sign up for.
//
// Source of truth for seats and the waiting list: the activity (its
// document on MongoDB; its row and its places on the embedded store).
// SeatHolders lists every signup that holds seats and SeatsTaken is their
// party sum; WaitingList is the waiting list in signup order. They change
// only through the store's seat methods, each atomic (one single-document
// update on MongoDB, one transaction on SQLite), so they never disagree. A
// signup's own status follows the activity; on MongoDB, which has no
// transaction around the steps, the reconciler repairs it after a crash.
type Activity struct {
	ID                   string     `bson:"_id" json:"id"`
	OrganisationID       string     `bson:"organisation_id" json:"organisation_id" validate:"required"`
	Kind                 string     `bson:"kind" json:"kind" validate:"required,oneof=language_cafe lunch escape_game conference workshop other"`
	Title                Text       `bson:"title" json:"title" validate:"required,min=1,dive,keys,lang,endkeys,required,max=200"`
	Description          Text       `bson:"description,omitempty" json:"description" validate:"omitempty,dive,keys,lang,endkeys,max=20000"`
	Languages            []string   `bson:"languages,omitempty" json:"languages" validate:"omitempty,max=20,unique,dive,lang"`
	StartsAt             time.Time  `bson:"starts_at" json:"starts_at" validate:"required"`
	EndsAt               time.Time  `bson:"ends_at" json:"ends_at" validate:"required"`
	Timezone             string     `bson:"timezone" json:"timezone" validate:"required,tz"`
	Venue                Venue      `bson:"venue" json:"venue"`
	Capacity             int        `bson:"capacity" json:"capacity" validate:"min=1,max=100000"`
	MaxPartySize         int        `bson:"max_party_size" json:"max_party_size" validate:"min=1,max=100"`
	Waitlist             bool       `bson:"waitlist" json:"waitlist"`
	RegistrationOpensAt  *time.Time `bson:"registration_opens_at,omitempty" json:"registration_opens_at"`
	RegistrationClosesAt *time.Time `bson:"registration_closes_at,omitempty" json:"registration_closes_at"`
	Questions            []Question `bson:"questions,omitempty" json:"questions" validate:"omitempty,max=30,unique=ID,dive"`
	// WaitlistMode says how a freed seat is given to the waiting list:
	// WaitlistAuto confirms the next who fits, WaitlistOffer offers it
	// for OfferHours (see OfferUntil). Empty is auto (activities stored
	// before the setting existed).
	WaitlistMode string `bson:"waitlist_mode,omitempty" json:"waitlist_mode" validate:"omitempty,oneof=auto offer"`
	// OfferHours is how long an offered seat waits for an answer (hours,
	// fractions allowed); OfferCutoffHours is how long before the start
	// offers stop.
	OfferHours       float64 `bson:"offer_hours,omitempty" json:"offer_hours" validate:"max=720"`
	OfferCutoffHours float64 `bson:"offer_cutoff_hours,omitempty" json:"offer_cutoff_hours" validate:"min=0,max=720"`
	// DrawAt, when set, opens the activity with a draw: signups before it
	// join a pool (SignupPendingDraw), and at DrawAt the seats are drawn
	// among them (see registration's Draw). DrawnAt records that the draw
	// was made: first come, first served from then on.
	DrawAt       *time.Time `bson:"draw_at,omitempty" json:"draw_at"`
	DrawnAt      *time.Time `bson:"drawn_at,omitempty" json:"drawn_at,omitempty"`
	Status       string     `bson:"status" json:"status" validate:"required,oneof=draft published cancelled"`
	CancelReason Text       `bson:"cancel_reason,omitempty" json:"cancel_reason,omitempty" validate:"omitempty,dive,keys,lang,endkeys,max=2000"`
	// TellPending is set by the cancellation and cleared once everyone
	// confirmed or waiting has been sent the news: an activity found
	// cancelled with it set was interrupted (on MongoDB, where the two are
	// separate steps), and the reconciler tells whoever is left.
	TellPending bool `bson:"tell_pending,omitempty" json:"-"`
	// Revision counts the changes of the schedule (Schedule): the
	// SEQUENCE of the calendar files sent to attendees.
	Revision int `bson:"revision" json:"-"`
	// ChangeNotice is the announcement of a schedule change still to be
	// sent, if any (see Reschedule).
	ChangeNotice *ChangeNotice `bson:"change_notice,omitempty" json:"-"`
	SeatsTaken   int           `bson:"seats_taken" json:"seats_taken"`
	SeatHolders  []SeatHolder  `bson:"seat_holders" json:"-"`
	WaitingList  []SeatHolder  `bson:"waiting_list,omitempty" json:"-"`
	// WaitlistCount is the length of the waiting list, which the store
	// keeps so that lists show it without loading the list itself.
	WaitlistCount int     `bson:"-" json:"-"`
	SeriesID      *string `bson:"series_id,omitempty" json:"series_id"`
	// SearchText is the folded text of every title, for the list's q
	// filter (a substring match, accents and case ignored, in any
	// language); SetSearchText keeps it in step.
	SearchText string    `bson:"search_text" json:"-"`
	CreatedAt  time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt  time.Time `bson:"updated_at" json:"updated_at"`
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

// WaitingPosition is the 1-based place of a signup on the waiting list,
// or 0 when it is not waiting.
func (a *Activity) WaitingPosition(signupID string) int {
	for i, h := range a.WaitingList {
		if h.SignupID == signupID {
			return i + 1
		}
	}
	return 0
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
	return !a.Started(now)
}

// Started reports whether the activity has begun at now. From its start
// the seats are settled: nobody signs up, nobody moves up from the waiting
// list, and an attendee can no longer cancel.
func (a *Activity) Started(now time.Time) bool {
	return !now.Before(a.StartsAt)
}
