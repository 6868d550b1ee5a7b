package models

import "time"

// Signup statuses. Pending is internal: a signup between its insertion and
// its seat decision; the reconciler finishes any pending signup a crash left.
const (
	SignupPending    = "pending"
	SignupConfirmed  = "confirmed"
	SignupWaitlisted = "waitlisted"
	SignupCancelled  = "cancelled"
	SignupAttended   = "attended"
	SignupNoShow     = "no_show"
	// SignupOffered holds a seat offered to it from the waiting list
	// until OfferExpiresAt: it counts as taken, and the person accepts or
	// declines.
	SignupOffered = "offered"
	// SignupPendingDraw joined the pool of an activity's draw, before
	// its DrawAt; it holds no seat and no place until the draw.
	SignupPendingDraw = "pending_draw"
)

// ActiveStatuses are the statuses in which a signup blocks another with
// the same email for the same activity (see SignupActive).
func ActiveStatuses() []string {
	return []string{SignupPending, SignupConfirmed, SignupWaitlisted, SignupOffered, SignupPendingDraw}
}

// DecidedStatuses are every status but pending, in the order lists show
// them.
func DecidedStatuses() []string {
	return []string{SignupConfirmed, SignupOffered, SignupWaitlisted, SignupPendingDraw, SignupCancelled,
		SignupAttended, SignupNoShow}
}

// Who cancelled a signup.
const (
	CancelledByAttendee = "attendee"
	CancelledByStaff    = "staff"
	// CancelledByOfferExpired: an offered seat was not taken in time and
	// went to the next person.
	CancelledByOfferExpired = "offer_expired"
)

// Where a signup came from: the attendee's own form or API call, or a
// staff member who added a walk-in or a phone registration.
const (
	SourcePublic = "public"
	SourceStaff  = "staff"
)

// SignupActive reports whether a signup in this status blocks another
// signup with the same email for the same activity.
func SignupActive(status string) bool {
	switch status {
	case SignupPending, SignupConfirmed, SignupWaitlisted, SignupOffered, SignupPendingDraw:
		return true
	}
	return false
}

// SignupHoldsSeat reports whether a signup in this status occupies seats.
func SignupHoldsSeat(status string) bool {
	return status == SignupConfirmed || status == SignupAttended || status == SignupNoShow || status == SignupOffered
}

// Signup is one person's registration (with their party) for an activity.
// Attendees have no account: the manage token, whose SHA-256 alone is
// stored, is their only key.
type Signup struct {
	ID             string         `bson:"_id" json:"id"`
	ActivityID     string         `bson:"activity_id" json:"activity_id"`
	OrganisationID string         `bson:"organisation_id" json:"-"`
	Name           string         `bson:"name" json:"name"`
	Email          string         `bson:"email" json:"email"`
	Phone          string         `bson:"phone,omitempty" json:"phone,omitempty"`
	PartySize      int            `bson:"party_size" json:"party_size"`
	Language       string         `bson:"language" json:"language"`
	Answers        map[string]any `bson:"answers,omitempty" json:"answers,omitempty"`
	Status         string         `bson:"status" json:"status"`
	// Source is SourcePublic or SourceStaff; empty on signups stored
	// before sources were recorded, which were all public (Origin).
	Source string `bson:"source,omitempty" json:"source,omitempty"`
	// ActiveKey is activity_id + "|" + lower-cased email while the signup is
	// active (pending, confirmed, waitlisted) and the signup's own id
	// afterwards, or always for a signup without an email (added by staff),
	// which blocks nobody. A unique index on it makes "one active signup per email"
	// atomic on both engines without partial indexes.
	ActiveKey string `bson:"active_key" json:"-"`
	// ManageTokenHash is the hash of the manage token given in the answer
	// to the signup (see NewManageToken); each email carrying the manage
	// link has a token of its own, hashed on its outbox record. Erasure
	// replaces it with a value no token hashes to.
	ManageTokenHash string `bson:"manage_token_hash" json:"-"`
	// PersonKey is a keyed hash of the lower-cased email (see
	// registration's personKey), "" without an email. Erasure keeps it:
	// it tells no one who the person is, yet lets reports count distinct
	// people after their data is gone.
	PersonKey   string     `bson:"person_key,omitempty" json:"-"`
	CancelledAt *time.Time `bson:"cancelled_at,omitempty" json:"cancelled_at,omitempty"`
	// CancelledBy says who cancelled: CancelledByAttendee or
	// CancelledByStaff.
	CancelledBy string `bson:"cancelled_by,omitempty" json:"cancelled_by,omitempty"`
	// OfferExpiresAt is when the seat offered to an offered signup goes
	// to the next person.
	OfferExpiresAt *time.Time `bson:"offer_expires_at,omitempty" json:"offer_expires_at,omitempty"`
	ConsentAt      time.Time  `bson:"consent_at" json:"consent_at"`
	CreatedAt      time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt      time.Time  `bson:"updated_at" json:"updated_at"`
	ErasedAt       *time.Time `bson:"erased_at,omitempty" json:"erased_at,omitempty"`
	// SeriesSignupID links a signup made for one date of a series signup
	// (models.SeriesSignup) to it; empty for an ordinary signup.
	SeriesSignupID string `bson:"series_signup_id,omitempty" json:"series_signup_id,omitempty"`
}

// Origin is where the signup came from: its Source, public for signups
// stored before sources were recorded.
func (su *Signup) Origin() string {
	if su.Source == "" {
		return SourcePublic
	}
	return su.Source
}
