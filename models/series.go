package models

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Series signups: one person's signup for every date of a series of
// activities (the copies a repeat made, which share a series_id). The
// parent record (SeriesSignup) holds the person and the manage token; each
// date has an ordinary Signup linked to it by SeriesSignupID, so that
// seats, the waiting list, promotion, reminders, check-in and erasure stay
// per date and follow the ordinary rules.

// Series is what is recorded about a series beyond its activities: whether
// people may sign up for all its dates at once. Its id is the series_id
// its activities share.
type Series struct {
	ID             string    `bson:"_id" json:"id"`
	OrganisationID string    `bson:"organisation_id" json:"organisation_id"`
	SeriesSignup   bool      `bson:"series_signup" json:"series_signup"`
	CreatedAt      time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt      time.Time `bson:"updated_at" json:"updated_at"`
}

// Series signup statuses. Pending: the parent is recorded but its dates
// are not all placed, or its one email not queued yet; recovery finishes
// it. Active: placed and told. Cancelled: the person left the series.
const (
	SeriesSignupPending   = "pending"
	SeriesSignupActive    = "active"
	SeriesSignupCancelled = "cancelled"
)

// SeriesSignup is one person's signup for a whole series.
type SeriesSignup struct {
	ID             string         `bson:"_id" json:"id"`
	SeriesID       string         `bson:"series_id" json:"series_id"`
	OrganisationID string         `bson:"organisation_id" json:"-"`
	Name           string         `bson:"name" json:"name"`
	Email          string         `bson:"email" json:"email"`
	Phone          string         `bson:"phone,omitempty" json:"phone,omitempty"`
	PartySize      int            `bson:"party_size" json:"party_size"`
	Language       string         `bson:"language" json:"language"`
	Answers        map[string]any `bson:"answers,omitempty" json:"answers,omitempty"`
	Status         string         `bson:"status" json:"status"`
	// ActiveKey is "series|" + series id + "|" + lower-cased email while
	// the signup is pending or active, its own id afterwards: a unique
	// index makes "one series signup per email" atomic on both engines.
	ActiveKey string `bson:"active_key" json:"-"`
	// ManageTokenHash is the hash of the manage token of the answer (see
	// NewManageToken); the email's link has its own, on its outbox record.
	ManageTokenHash string     `bson:"manage_token_hash" json:"-"`
	ConsentAt       time.Time  `bson:"consent_at" json:"consent_at"`
	CreatedAt       time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt       time.Time  `bson:"updated_at" json:"updated_at"`
	CancelledAt     *time.Time `bson:"cancelled_at,omitempty" json:"cancelled_at,omitempty"`
	ErasedAt        *time.Time `bson:"erased_at,omitempty" json:"erased_at,omitempty"`
}

// SeriesActiveKey is the active key of a series signup of email.
func SeriesActiveKey(seriesID, email string) string {
	return "series|" + seriesID + "|" + strings.ToLower(email)
}

// SeriesOccurrenceID is the id of the signup a series signup makes on one
// date when it is first placed: derived from both ids, so that a retry or
// recovery of an interrupted series signup finds the signup its first
// attempt made instead of making a second one.
func SeriesOccurrenceID(seriesSignupID, activityID string) string {
	h := sha256.Sum256([]byte("occurrence|" + seriesSignupID + "|" + activityID))
	return hex.EncodeToString(h[:12])
}
