package models

import (
	"slices"
	"time"
)

// messageAudiences are the signup statuses an organiser's message may go
// to; unexported so that no caller can change them.
var messageAudiences = []string{SignupConfirmed, SignupWaitlisted, SignupAttended, SignupNoShow}

// MessageAudiences returns the signup statuses a message may go to, in
// display order, as a fresh slice.
func MessageAudiences() []string { return slices.Clone(messageAudiences) }

// IsMessageAudience reports whether a message may go to signups in status s.
func IsMessageAudience(s string) bool { return slices.Contains(messageAudiences, s) }

// Message text formats.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
)

// Message statuses: queuing while its outbox emails are being written,
// queued once every recipient has one.
const (
	MessageQueuing = "queuing"
	MessageQueued  = "queued"
)

// Message is an organiser's email to the people signed up for an activity.
// Languages keeps the order in which the organiser gave the languages: the
// first is the last-resort choice for a recipient.
type Message struct {
	ID             string    `bson:"_id" json:"id"`
	OrganisationID string    `bson:"organisation_id" json:"organisation_id"`
	ActivityID     string    `bson:"activity_id" json:"activity_id"`
	Subject        Text      `bson:"subject" json:"subject"`
	Body           Text      `bson:"body" json:"body"`
	Languages      []string  `bson:"languages" json:"languages"`
	Format         string    `bson:"format" json:"format"`
	Audience       []string  `bson:"audience" json:"audience"`
	Recipients     int       `bson:"recipients" json:"recipients"`
	Status         string    `bson:"status" json:"status"`
	CreatedBy      string    `bson:"created_by" json:"created_by"`
	CreatedAt      time.Time `bson:"created_at" json:"created_at"`
}

// MessageLanguage is the language a recipient reads a message in: theirs
// when the message has it, else the organisation's default, else the first
// language the organiser gave.
func (m *Message) MessageLanguage(recipient, orgDefault string) string {
	if m.Body[recipient] != "" {
		return recipient
	}
	if m.Body[orgDefault] != "" {
		return orgDefault
	}
	if len(m.Languages) > 0 {
		return m.Languages[0]
	}
	return DefaultLanguage
}
